import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { AppError } from './platform/errors.js';

/** Configuration, parsed once from the environment at start-up. See .env.example. */
export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Embedded database directory (used when databaseUrl is absent). */
  dataDir: string;
  databaseUrl?: string;
  /**
   * A streaming replica of DATABASE_URL (PostgreSQL only): dashboards and public statistics read there,
   * possibly a few seconds behind the primary (docs/deploy.md). Absent: they read the primary.
   */
  databaseReplicaUrl?: string;
  /** Fixed "now" for demos and tests; refused in production. */
  now?: Date;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string;
  bodyLimitBytes: number;
  map: { tileUrl: string; attribution: string };
  geocoder: { kind: 'local' } | { kind: 'ban'; url: string };
  runJobs: boolean;
  /** Signs CSRF tokens. Random per process outside production when not set. */
  sessionSecret: string;
  /** Cookies only over HTTPS (production). */
  secureCookies: boolean;
  mail: { smtpUrl?: string; from: string };
  /**
   * Which proxies may say who the client is (X-Forwarded-For, X-Forwarded-Proto): false (none, the
   * default), true, or addresses/CIDRs. Trusting everyone would let any client pick the address the
   * per-connection limits count.
   */
  trustProxy: boolean | string;
  /** Abuse control of reports: posts per api_key and minute (Open311); reports per client and hour (the form). */
  rateLimits: { open311PerMinute: number; formPerHour: number };
  /**
   * Who runs this instance, for the accessibility statement and `/.well-known/security.txt`: contacts
   * are `mailto:` or `https:` URIs, by default the address mails are sent from.
   */
  operator: { name: string; securityContact: string; accessibilityContact: string };
  /** On SIGTERM, how long the instance says it is not ready and closes connections after each answer before it stops taking requests. */
  shutdownGraceMs: number;
  /** Bearer token of `/metrics` (Prometheus); without it the endpoint is absent. */
  metricsToken?: string;
  /** Sign-in through an OpenID Connect provider (ProConnect, Keycloak, Azure AD…); absent without OIDC_ISSUER. */
  oidc?: OidcConfig;
}

export interface OidcConfig {
  /** The issuer identifier; its discovery document is read at the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's name on the button: « Se connecter avec ProConnect ». */
  label: string;
  /** Space-separated; always includes openid and email (an identity is matched to an account by its e-mail). */
  scopes: string;
}

type Env = Record<string, string | undefined>;

const fail = (variable: string, message: string): never => {
  throw new AppError('config_invalid', `Configuration: ${variable} ${message}`);
};

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name] ?? fallback;
  if (!allowed.includes(value as T)) fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) fail(name, `must be a whole number from ${min} to ${max}`);
  return value;
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name] || fallback;
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw.replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'));
  } catch {
    return fail(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) fail(name, `must start with ${protocols.join(' or ')}`);
  return raw;
}

function metricsToken(env: Env): string | undefined {
  const value = env.METRICS_TOKEN?.trim();
  if (!value) return undefined;
  if (value.length < 32) fail('METRICS_TOKEN', 'must be at least 32 characters (a random token)');
  return value;
}

/** OIDC_*: all or nothing, so that a half-configured provider stops the start instead of failing at sign-in. */
function oidcConfig(env: Env, production: boolean): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'])
      if (env[name]?.trim()) fail(name, 'is set but OIDC_ISSUER is not: set both, or neither');
    return undefined;
  }
  // Plain http only outside production (a local Keycloak); a production provider is reached over TLS.
  url(env, 'OIDC_ISSUER', undefined, production ? ['https:'] : ['https:', 'http:']);
  const clientId = env.OIDC_CLIENT_ID?.trim() || fail('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim() || fail('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER');
  const scopes = (env.OIDC_SCOPES?.trim() || 'openid email profile').split(/\s+/);
  if (!scopes.includes('openid') || !scopes.includes('email'))
    fail('OIDC_SCOPES', 'must include openid and email (an identity is matched to an account by its verified e-mail)');
  if (!scopes.every((scope) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)))
    fail('OIDC_SCOPES', 'must be scope names separated by spaces');
  const label = env.OIDC_LABEL?.trim() || new URL(issuer).host;
  if (label.length > 60) fail('OIDC_LABEL', 'must be at most 60 characters');
  return { issuer, clientId, clientSecret, label, scopes: [...new Set(scopes)].join(' ') };
}

function parseTrustProxy(raw: string | undefined): boolean | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^[0-9a-fA-F.:/, ]+$/.test(value) && /[.:]/.test(value)) return value;
  return fail('TRUST_PROXY', 'must be false, true, or proxy addresses such as "10.0.0.1, 10.0.0.0/8"');
}

/** Example credentials from .env.example and the usual defaults: refused in production. */
const knownDefaultPasswords = new Set(['postgres', 'password', 'change-me', 'quietude', 'secret']);

export const PLAN_IGN_TILES =
  'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';

export function parseConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';
  const databaseUrl = url(env, 'DATABASE_URL', undefined, ['postgres:', 'postgresql:']);
  if (production && !databaseUrl)
    fail('DATABASE_URL', 'is required when NODE_ENV=production (the embedded database is for development and demos)');
  if (production && databaseUrl) {
    const password = decodeURIComponent(new URL(databaseUrl).password);
    if (password && knownDefaultPasswords.has(password)) fail('DATABASE_URL', 'uses a default password, refused in production');
  }
  const databaseReplicaUrl = url(env, 'DATABASE_REPLICA_URL', undefined, ['postgres:', 'postgresql:']);
  if (databaseReplicaUrl && !databaseUrl)
    fail(
      'DATABASE_REPLICA_URL',
      'needs DATABASE_URL: the embedded database has no replica (remove DATABASE_REPLICA_URL, or use PostgreSQL)',
    );
  let now: Date | undefined;
  if (env.QUIETUDE_NOW) {
    if (production) fail('QUIETUDE_NOW', 'is refused when NODE_ENV=production');
    now = new Date(env.QUIETUDE_NOW);
    if (Number.isNaN(now.getTime())) fail('QUIETUDE_NOW', 'must be an ISO 8601 date-time such as 2026-11-25T23:30:00+01:00');
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || 'localhost';
  const sessionSecret =
    env.SESSION_SECRET ||
    (production ? fail('SESSION_SECRET', 'is required when NODE_ENV=production') : randomBytes(32).toString('hex'));
  if (sessionSecret.length < 32) fail('SESSION_SECRET', 'must be at least 32 characters');
  if (production && /change-me|example|secret-secret/i.test(sessionSecret))
    fail('SESSION_SECRET', 'is the example value, refused in production');
  const smtpUrl = url(env, 'SMTP_URL', undefined, ['smtp:', 'smtps:']);
  const mailFrom = env.MAIL_FROM || 'Quiétude <no-reply@quietude.invalid>';
  if (!/^[^<>]*<?[^@\s<>]+@[^@\s<>]+>?$/.test(mailFrom))
    fail('MAIL_FROM', 'must be an address such as "Ville <securite@ville.fr>"');
  const fromAddress = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const contact = (name: string) => url(env, name, `mailto:${fromAddress}`, ['mailto:', 'https:']) as string;
  const geocoderKind = oneOf(env, 'GEOCODER', ['local', 'ban'] as const, 'local');
  const geocoderUrl = url(env, 'GEOCODER_URL', 'https://data.geopf.fr/geocodage', ['https:', 'http:']) as string;
  return {
    env: nodeEnv,
    host,
    port,
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    databaseReplicaUrl,
    now,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    publicUrl: url(env, 'PUBLIC_URL', `http://${host}:${port}`, ['http:', 'https:']) as string,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 2000, 0, 15_000),
    map: {
      tileUrl: url(env, 'MAP_TILE_URL', PLAN_IGN_TILES, ['https:', 'http:']) as string,
      attribution: env.MAP_ATTRIBUTION || '© IGN – Géoplateforme',
    },
    geocoder: geocoderKind === 'ban' ? { kind: 'ban', url: geocoderUrl } : { kind: 'local' },
    runJobs: oneOf(env, 'RUN_JOBS', ['true', 'false'] as const, 'true') === 'true',
    sessionSecret,
    secureCookies: production,
    mail: { smtpUrl, from: mailFrom },
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    rateLimits: {
      open311PerMinute: integer(env, 'OPEN311_POSTS_PER_MINUTE', 60, 1, 100_000),
      formPerHour: integer(env, 'REPORTS_PER_CLIENT_PER_HOUR', 20, 1, 100_000),
    },
    metricsToken: metricsToken(env),
    oidc: oidcConfig(env, production),
    operator: {
      name: env.OPERATOR_NAME?.trim() || 'Quiétude',
      securityContact: contact('SECURITY_CONTACT'),
      accessibilityContact: contact('ACCESSIBILITY_CONTACT'),
    },
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import { Layout } from '../../pages/layout.js';
import { pageContext, sendPage } from '../../pages/render.js';
import { safeNext } from '../account-pages.js';
import { sealedCookieOptions } from '../cookies.js';
import { afterFirstFactor } from '../finish-sign-in.js';
import { seal, unseal } from '../sealed-cookie.js';
import { accountForIdentity } from './link-identity.js';
import { type OidcChecks, OidcError, OidcRelyingParty } from './oidc-client.js';

const STATE_COOKIE = 'quietude_oidc';
const STATE_PURPOSE = 'oidc-state';
const STATE_PATH = '/connexion/oidc';
const STATE_MS = 10 * 60_000;
export const CALLBACK_PATH = '/connexion/oidc/retour';

type Problem = 'noAccount' | 'denied' | 'expired' | 'failed' | 'unavailable';
const problemStatus: Record<Problem, number> = { noAccount: 403, denied: 401, expired: 400, failed: 400, unavailable: 502 };

/** A failed sign-in through the provider: what happened in plain words and the way back, never a provider's text. */
function problemPage(request: FastifyRequest, reply: FastifyReply, label: string, problem: Problem) {
  const page = pageContext(request);
  const { t } = page;
  return sendPage(
    reply,
    <Layout page={page} title={t('oidc.errorTitle')}>
      <h1>{t('oidc.errorTitle')}</h1>
      <p role="alert">{t(`oidc.${problem}` as MessageKey, { label })}</p>
      {problem === 'noAccount' ? <p>{t('oidc.noAccountHint', { label })}</p> : null}
      <p>
        <a href="/connexion">{t('oidc.retry')}</a>
      </p>
    </Layout>,
    { sensitive: true, status: problemStatus[problem] },
  );
}

/**
 * Sign-in through the configured OpenID Connect provider: a redirect out with PKCE, state and nonce sealed in a
 * 10-minute cookie, and the callback that checks them and maps the identity to an existing account. Absent (404)
 * without OIDC_ISSUER.
 */
export function registerOidcRoutes(app: FastifyInstance, deps: AppDeps) {
  const config = deps.config.oidc;
  const relyingParty = config ? new OidcRelyingParty(config, deps.config.env !== 'production') : undefined;
  const redirectUri = () => new URL(CALLBACK_PATH, deps.config.publicUrl).href;
  const secret = deps.config.sessionSecret;

  app.get<{ Querystring: { suite?: string } }>(
    STATE_PATH,
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      if (!relyingParty || !config) throw notFound('Page');
      let started: Awaited<ReturnType<OidcRelyingParty['start']>>;
      try {
        started = await relyingParty.start(redirectUri());
      } catch (error) {
        request.log.warn({ err: error }, 'OpenID Connect provider unavailable');
        return problemPage(request, reply, config.label, 'unavailable');
      }
      const expires = new Date(deps.clock.now().getTime() + STATE_MS);
      const sealed = seal(secret, STATE_PURPOSE, { ...started.checks, next: safeNext(request.query.suite) }, expires);
      reply.setCookie(STATE_COOKIE, sealed, sealedCookieOptions(deps, STATE_PATH, STATE_MS));
      return reply.header('Cache-Control', 'no-store').redirect(started.url, 303);
    },
  );

  app.get(CALLBACK_PATH, { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (!relyingParty || !config) throw notFound('Page');
    // The attempt's secrets serve once, whatever the outcome.
    const checks = unseal<OidcChecks & { next: string }>(secret, STATE_PURPOSE, request.cookies[STATE_COOKIE], deps.clock.now());
    reply.clearCookie(STATE_COOKIE, { path: STATE_PATH });
    if (!checks) return problemPage(request, reply, config.label, 'expired');
    let userId: string | undefined;
    try {
      // The URL the provider redirected to, as registered (behind a proxy the request's own host may differ).
      const identity = await relyingParty.finish(new URL(request.url, deps.config.publicUrl), checks);
      userId = await accountForIdentity(deps.database.db, deps.clock, identity);
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      // The error's class and message only: the provider's answer may carry personal data.
      request.log.warn({ failure: error.failure, cause: String(error.cause) }, 'OpenID Connect sign-in refused');
      return problemPage(request, reply, config.label, error.failure);
    }
    if (!userId) return problemPage(request, reply, config.label, 'noAccount');
    return afterFirstFactor(deps, reply, userId, safeNext(checks.next));
  });
}

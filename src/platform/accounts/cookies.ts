import type { CookieSerializeOptions } from '@fastify/cookie';
import type { AppDeps } from '../deps.js';

/** A short-lived sign-in cookie: kept from scripts, sent back on the provider's top-level redirect (Lax), one path. */
export const sealedCookieOptions = (deps: AppDeps, path: string, lifetimeMs: number): CookieSerializeOptions => ({
  path,
  httpOnly: true,
  sameSite: 'lax',
  secure: deps.config.secureCookies,
  maxAge: Math.floor(lifetimeMs / 1000),
});

import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../deps.js';
import { sealedCookieOptions } from './cookies.js';
import { seal, unseal } from './sealed-cookie.js';
import { SESSION_COOKIE } from './sessions.js';
import { openSession } from './sign-in.js';
import { hasSecondFactor } from './totp/second-factor.js';

/** The half-signed state between the first factor and the code: not a session, it opens nothing but the code page. */
export const PENDING_COOKIE = 'quietude_2fa';
const PENDING_PURPOSE = 'second-factor';
const PENDING_MS = 5 * 60_000;

export interface PendingSignIn {
  userId: string;
  next: string;
}

export const setSessionCookie = (deps: AppDeps, reply: FastifyReply, token: string) =>
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies });

/** Opens the session and goes on to the page asked for: the end of every sign-in, by password, OIDC or code. */
export async function openSessionAndGo(deps: AppDeps, reply: FastifyReply, userId: string, next: string) {
  setSessionCookie(deps, reply, await openSession(deps.database.db, deps.clock, userId));
  return reply.redirect(next, 303);
}

/**
 * After a password or an identity provider has vouched for an account: its session, or — when the account has a
 * second factor — the code page, with a sealed 5-minute cookie saying whose code is awaited.
 */
export async function afterFirstFactor(deps: AppDeps, reply: FastifyReply, userId: string, next: string) {
  if (!(await hasSecondFactor(deps.database.db, userId))) return openSessionAndGo(deps, reply, userId, next);
  const expires = new Date(deps.clock.now().getTime() + PENDING_MS);
  const pending: PendingSignIn = { userId, next };
  reply.setCookie(
    PENDING_COOKIE,
    seal(deps.config.sessionSecret, PENDING_PURPOSE, pending, expires),
    sealedCookieOptions(deps, '/connexion', PENDING_MS),
  );
  return reply.redirect('/connexion/code', 303);
}

export const readPendingSignIn = (deps: AppDeps, value: string | undefined) =>
  unseal<PendingSignIn>(deps.config.sessionSecret, PENDING_PURPOSE, value, deps.clock.now());

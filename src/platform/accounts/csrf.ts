import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export const CSRF_COOKIE = 'quietude_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Double-submit tokens bound to a secret: the cookie holds a random value, each
 * form carries HMAC(secret, value). Another site can neither read the cookie nor
 * forge the HMAC. Works for anonymous forms (a report, the sign-in) as well.
 */
export function csrfToken(secret: string, request: FastifyRequest, reply: FastifyReply): string {
  let value = request.cookies[CSRF_COOKIE];
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
    value = randomBytes(32).toString('base64url');
    request.cookies[CSRF_COOKIE] = value;
    reply.setCookie(CSRF_COOKIE, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: reply.request.protocol === 'https',
    });
  }
  return createHmac('sha256', secret).update(value).digest('base64url');
}

/** A page's own script sending JSON puts the token in this header (another site cannot set it without CORS). */
export const CSRF_HEADER = 'x-csrf-token';

export function checkCsrf(secret: string, request: FastifyRequest): void {
  const value = request.cookies[CSRF_COOKIE];
  const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] ?? request.headers[CSRF_HEADER];
  const expected = value ? createHmac('sha256', secret).update(value).digest() : undefined;
  const given = typeof sent === 'string' ? Buffer.from(sent, 'base64url') : undefined;
  if (!expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('forbidden', 'The form has expired or did not come from this site: please reload the page and try again.');
  }
}

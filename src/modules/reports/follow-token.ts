import { createHash, randomBytes } from 'node:crypto';

/** A follow-up token: 256 random bits, given once to the reporter; only its SHA-256 is stored. */
export function newFollowToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashFollowToken(token) };
}

export const hashFollowToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The shape of a token (43 base64url characters), checked before any lookup. */
export const isFollowToken = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

import { createHash, randomBytes } from 'node:crypto';

/** A high-entropy token for links, sessions and API access: shown once, stored only as its SHA-256. */
export function newSecretToken(prefix = ''): { token: string; hash: string } {
  const token = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecretToken(token) };
}

export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('hex');

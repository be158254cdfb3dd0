import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A short-lived value kept by the browser but readable and changeable by nobody else: AES-256-GCM under a key
 * derived from the session secret and the cookie's purpose (a sealed OIDC state cannot be replayed as a pending
 * second factor). The expiry is inside, checked against the application's clock. Lets every instance behind a
 * load balancer finish a sign-in another one started, without a table.
 */
const keyFor = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'quietude-sealed-cookie', purpose, 32));

export function seal(secret: string, purpose: string, payload: object, expiresAt: Date): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const plain = Buffer.from(JSON.stringify({ exp: expiresAt.getTime(), payload }), 'utf8');
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The payload, or undefined when the value is missing, altered, sealed for another purpose or expired. */
export function unseal<T>(secret: string, purpose: string, sealed: string | undefined, now: Date): T | undefined {
  if (!sealed || sealed.length > 4096) return undefined;
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const { exp, payload } = JSON.parse(plain) as { exp: number; payload: T };
    return typeof exp === 'number' && exp > now.getTime() ? payload : undefined;
  } catch {
    return undefined;
  }
}

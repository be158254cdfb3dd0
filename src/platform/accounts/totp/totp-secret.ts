import { Secret, TOTP } from 'otpauth';

/** RFC 6238 with the values every authenticator app expects: SHA-1, 6 digits, 30 seconds. */
const PERIOD = 30;

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const totpFor = (secret: string, issuer: string, label: string) =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** What a person types: spaces and dashes are layout, not part of the code. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

/**
 * The time step of a code valid at `now`, one step either side allowed (a phone's clock a little off, a code typed as
 * it changed); undefined when the code does not match. The caller refuses a step already used (replay).
 */
export function matchingStep(secret: string, code: string, now: Date): number | undefined {
  const token = normaliseCode(code);
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpFor(secret, '', '').validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

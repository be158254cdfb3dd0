import { hash, verify } from '@node-rs/argon2';
import { invalidInput } from '../errors.js';

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: the OWASP minimum).
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A fixed hash so that an unknown account costs as much time as a known one. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash('decoy password for unknown accounts');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

export const MIN_PASSWORD_LENGTH = 12;

/** Length over rules (NIST SP 800-63B): at least 12 characters, not only spaces, not the e-mail. */
export function checkNewPassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput(
      'password',
      `must be at least ${MIN_PASSWORD_LENGTH} characters`,
      `doit faire au moins ${MIN_PASSWORD_LENGTH} caractères`,
    );
  }
  if (password.length > 256)
    throw invalidInput('password', 'must be at most 256 characters', 'doit faire au plus 256 caractères');
  if (password.trim() === '' || password.toLowerCase() === email.toLowerCase()) {
    throw invalidInput('password', 'must not be blank or the e-mail address', 'ne doit être ni vide ni l’adresse électronique');
  }
}

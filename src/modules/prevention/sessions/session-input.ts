import type { FieldProblem } from '../../../platform/errors.js';

export const UAI_PATTERN = /^\d{7}[A-Z]$/;
export const blank = (text: string | undefined) => (text ?? '').trim() === '';
export const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

/** A whole number typed in a form, or a problem naming the field. Blank gives `fallback` (when there is one). */
export function readCount(
  problems: FieldProblem[],
  field: string,
  text: string | undefined,
  max: number,
  fallback?: number,
): number {
  const value = (text ?? '').trim();
  if (value === '' && fallback !== undefined) return fallback;
  if (/^-\s*\d+$/.test(value)) {
    problems.push({ field, message: 'must be 0 or more', fr: 'ne peut pas être négatif' });
    return 0;
  }
  if (!/^\d{1,7}$/.test(value) || Number(value) > max) {
    problems.push({ field, message: `must be a whole number from 0 to ${max}`, fr: `un nombre entier de 0 à ${max}` });
    return 0;
  }
  return Number(value);
}

/** A text of `min` to `max` characters, trimmed; blank gives null when `optional`. */
export function readText(
  problems: FieldProblem[],
  field: string,
  text: string | undefined,
  min: number,
  max: number,
  optional = false,
): string | null {
  const value = (text ?? '').trim();
  if (value === '' && optional) return null;
  if (value.length < min || value.length > max)
    problems.push({
      field,
      message: value === '' ? 'is required' : `must be ${min} to ${max} characters`,
      fr: value === '' ? 'champ obligatoire' : `de ${min} à ${max} caractères`,
    });
  return value;
}

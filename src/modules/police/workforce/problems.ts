import { AppError, type FieldProblem } from '../../../platform/errors.js';

/** Collects every problem of a form or a request, so that all are named at once; nothing is saved if any. */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, message: string, fr: string) {
    this.list.push({ field, message, fr });
  }

  has(field?: string) {
    return field ? this.list.some((p) => p.field === field) : this.list.length > 0;
  }

  /** Throws a 400 naming each field when any problem was found. */
  throwIfAny() {
    if (this.list.length > 0)
      throw new AppError('invalid_input', this.list.map((p) => `${p.field}: ${p.message}`).join('; '), this.list);
  }

  text(field: string, raw: unknown, options: { max: number; required?: boolean }): string {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '' && options.required !== false) this.add(field, 'is required', 'à remplir');
    else if (value.length > options.max)
      this.add(field, `at most ${options.max} characters`, `au plus ${options.max} caractères`);
    return value;
  }

  date(field: string, raw: unknown, options: { required?: boolean } = {}): string | null {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (options.required !== false) this.add(field, 'must be a date (YYYY-MM-DD)', 'une date (AAAA-MM-JJ)');
      return null;
    }
    if (!isDate(value)) {
      this.add(field, 'must be a date (YYYY-MM-DD)', 'une date (AAAA-MM-JJ)');
      return null;
    }
    return value;
  }

  integer(field: string, raw: unknown, min: number, max: number, options: { required?: boolean } = {}): number | null {
    const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (value === '' && options.required === false) return null;
    if (!/^-?\d{1,12}$/.test(value) || Number(value) < min || Number(value) > max) {
      this.add(field, `must be a whole number from ${min} to ${max}`, `un nombre entier de ${min} à ${max}`);
      return null;
    }
    return Number(value);
  }

  oneOf<T extends string>(field: string, raw: unknown, allowed: readonly T[], options: { required?: boolean } = {}): T | null {
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '' && options.required === false) return null;
    if (!(allowed as readonly string[]).includes(value)) {
      this.add(field, `must be one of: ${allowed.join(', ')}`, `choisissez parmi : ${allowed.join(', ')}`);
      return null;
    }
    return value as T;
  }
}

export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Today in the tenant's zone, as YYYY-MM-DD. */
export const localToday = (now: Date, timeZone: string) => now.toLocaleDateString('fr-CA', { timeZone });

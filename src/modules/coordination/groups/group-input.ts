import { AppError, type FieldProblem } from '../../../platform/errors.js';

/** What the forms of the groups part check, field by field: every problem is named before anything is written. */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, message: string, fr: string): void {
    if (!this.list.some((p) => p.field === field)) this.list.push({ field, message, fr });
  }

  /** A text of `min` to `max` characters, trimmed; blank gives '' when optional. */
  text(field: string, value: string | undefined, min: number, max: number, optional = false): string {
    const text = (value ?? '').trim();
    if (text === '' && optional) return '';
    if (text === '') this.add(field, 'is required', 'champ obligatoire');
    else if (text.length < min || text.length > max)
      this.add(field, `must be ${min} to ${max} characters`, `de ${min} à ${max} caractères`);
    return text;
  }

  /** A date YYYY-MM-DD that exists; blank gives null when optional. */
  date(field: string, value: string | undefined, optional = false): string | null {
    const text = (value ?? '').trim();
    if (text === '' && optional) return null;
    if (!isDate(text)) {
      this.add(
        field,
        text === '' ? 'is required' : 'must be a date YYYY-MM-DD',
        text === '' ? 'champ obligatoire' : 'une date (AAAA-MM-JJ)',
      );
      return null;
    }
    return text;
  }

  /** Throws the 400 naming every wrong field, when there is any. */
  check(): void {
    if (this.list.length)
      throw new AppError('invalid_input', this.list.map((p) => `${p.field}: ${p.message}`).join('; '), this.list);
  }
}

export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

/** A decimal typed with a comma or a point. */
export const decimal = (text: string | undefined) => Number((text ?? '').trim().replace(',', '.'));

import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';

export const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
export const isDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};
/** Rows of tables with a public read policy, or global ones seen through a link, kept to this tenant. */
export const mine = sql<boolean>`tenant_id = quietude_tenant()`;

const str = (raw: unknown) => (typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '');

/**
 * Collects every problem of a form at once (each naming its field); `throwIfAny` refuses the whole
 * input, so that nothing is half-saved.
 */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, message: string, fr: string) {
    this.list.push({ field, message, fr });
  }

  has(field: string) {
    return this.list.some((p) => p.field === field);
  }

  throwIfAny() {
    if (this.list.length > 0)
      throw new AppError('invalid_input', this.list.map((p) => `${p.field}: ${p.message}`).join('; '), this.list);
  }

  text(field: string, raw: unknown, min: number, max: number): string {
    const value = str(raw);
    if (value === '') this.add(field, 'is required', 'champ obligatoire');
    else if (value.length < min || value.length > max)
      this.add(field, `must be ${min} to ${max} characters`, `de ${min} à ${max} caractères`);
    return value;
  }

  optionalText(field: string, raw: unknown, max: number): string | null {
    const value = str(raw);
    if (value === '') return null;
    if (value.length > max) this.add(field, `at most ${max} characters`, `au plus ${max} caractères`);
    return value;
  }

  date(field: string, raw: unknown, required = true): string | null {
    const value = str(raw);
    if (value === '' && !required) return null;
    if (!isDate(value)) {
      this.add(field, 'must be a date (YYYY-MM-DD)', 'une date (AAAA-MM-JJ)');
      return null;
    }
    return value;
  }

  integer(field: string, raw: unknown, min: number, max: number, required = true): number | null {
    const value = str(raw);
    if (value === '' && !required) return null;
    if (!/^-?\d{1,12}$/.test(value) || Number(value) < min || Number(value) > max) {
      this.add(field, `must be a whole number from ${min} to ${max}`, `un nombre entier de ${min} à ${max}`);
      return null;
    }
    return Number(value);
  }

  /** An amount in euros as typed (« 12 500,50 », « 12500.5 ») → cents; negative amounts are refused. */
  euros(field: string, raw: unknown, required = true): number | null {
    const value = str(raw)
      .replace(/[\s\u00a0\u202f€]/g, '')
      .replace(',', '.');
    if (value === '' && !required) return null;
    if (/^-/.test(value)) {
      this.add(field, 'must not be negative', 'ne peut pas être négatif');
      return null;
    }
    if (!/^\d{1,10}(\.\d{1,2})?$/.test(value)) {
      this.add(field, 'must be an amount in euros (e.g. 12500 or 12500,50)', 'un montant en euros (ex. 12500 ou 12500,50)');
      return null;
    }
    return Math.round(Number(value) * 100);
  }

  oneOf<T extends string>(field: string, raw: unknown, allowed: readonly T[]): T | null {
    const value = str(raw);
    if (!(allowed as readonly string[]).includes(value)) {
      this.add(field, `must be one of: ${allowed.join(', ')}`, `choisissez parmi : ${allowed.join(', ')}`);
      return null;
    }
    return value as T;
  }
}

/** An organisation linked to this tenant (tenant_organisations), or a problem naming the field. */
export async function tenantOrganisation(tx: Tx, problems: Problems, field: string, raw: unknown): Promise<string | null> {
  const id = str(raw);
  const row = isUuid(id)
    ? await tx
        .selectFrom('tenant_organisations')
        .select('organisation_id')
        .where('organisation_id', '=', id)
        .where(mine)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    problems.add(field, 'is not an organisation of this local authority', 'organisation inconnue ici');
    return null;
  }
  return row.organisation_id;
}

/** A staff member of this tenant (a user with a membership here), or a problem naming the field. */
export async function tenantStaff(tx: Tx, problems: Problems, field: string, raw: unknown): Promise<string | null> {
  const id = str(raw);
  if (id === '') {
    problems.add(field, 'is required: choose a staff member', 'choisissez une personne responsable');
    return null;
  }
  const row = isUuid(id)
    ? await tx.selectFrom('memberships').select('user_id').where('user_id', '=', id).where(mine).executeTakeFirst()
    : undefined;
  if (!row) {
    problems.add(field, 'is not a staff member of this local authority', 'personne inconnue ici');
    return null;
  }
  return row.user_id;
}

/** One row of a tenant table by id, or a problem naming the field. */
export async function ownRow<T extends 'coordination_action_sheets' | 'coordination_decisions' | 'coordination_sessions'>(
  tx: Tx,
  problems: Problems,
  field: string,
  table: T,
  raw: unknown,
  required: boolean,
): Promise<string | null> {
  const id = str(raw);
  if (id === '' && !required) return null;
  const row = isUuid(id)
    ? await tx
        .selectFrom(table as 'coordination_sessions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    problems.add(field, 'is not a record of this local authority', 'élément inconnu');
    return null;
  }
  return row.id;
}

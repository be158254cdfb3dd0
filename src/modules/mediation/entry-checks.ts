import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';

/** Collects every problem of an entry, so that one answer names all the fields at fault. */
export class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, message: string, fr: string) {
    this.list.push({ field, message, fr });
  }
  has(field: string) {
    return this.list.some((p) => p.field === field);
  }
  /** Throws 400 with every problem; nothing has been written yet. */
  throwIfAny() {
    if (this.list.length === 0) return;
    throw new AppError('invalid_input', this.list.map((p) => `${p.field}: ${p.message}`).join('; '), this.list);
  }
}

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export const isDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** An ISO 8601 instant with its offset (what a device sends), or undefined. */
export function instant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** The calendar date of an instant in the tenant's zone (YYYY-MM-DD). */
export const localDate = (at: Date, timeZone: string) => at.toLocaleDateString('sv-SE', { timeZone });

/** The SHA-256 of an entry as sent, keys sorted: the same entry sent twice has the same hash. */
export function inputHash(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object' && !(v instanceof Date))
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, x]) => [k, canonical(x)]),
      );
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

export type EntryTable =
  | 'mediation_rounds'
  | 'mediation_encounters'
  | 'mediation_situations'
  | 'mediation_situation_steps'
  | 'mediation_referrals'
  | 'mediation_minor_actions';

const conflict = () =>
  new AppError('conflict', 'id: another entry was already recorded with this id', [
    {
      field: 'id',
      message: 'another entry was already recorded with this id',
      fr: 'un autre enregistrement porte déjà cet identifiant',
    },
  ]);

/**
 * An entry made offline may arrive twice: the same id with the same content is the entry already recorded
 * ('existing'); the same id with other content (or an id taken elsewhere) is a conflict.
 */
export async function priorEntry(tx: Tx, table: EntryTable, id: string, hash: string): Promise<'existing' | 'new'> {
  const row = await sql<{ input_hash: string }>`SELECT input_hash FROM ${sql.table(table)} WHERE id = ${id}`.execute(tx);
  const found = row.rows[0];
  if (!found) return 'new';
  if (found.input_hash !== hash) throw conflict();
  return 'existing';
}

/**
 * After an insert … ON CONFLICT DO NOTHING that wrote nothing. On PostgreSQL two sends of the same new entry
 * arriving together both find no prior entry; the second insert waits for the first to commit and then skips.
 * Read committed lets this transaction see that row now: the same content is the entry already recorded
 * ('existing', answered 200); other content, or an id of another tenant (invisible here), is a conflict.
 */
export async function afterSkippedInsert(tx: Tx, table: EntryTable, id: string, hash: string): Promise<'existing'> {
  if ((await priorEntry(tx, table, id, hash)) === 'existing') return 'existing';
  throw conflict();
}

/** An entry sent again (a device syncing twice): nothing changes, and the replay is in the audit log. */
export function resent(
  audit: (entry: { action?: string; entityType: string; entityId: string; fields: string[] }) => void,
  entityType: string,
  entityId: string,
) {
  audit({ action: 'mediation.entry-resent', entityType, entityId, fields: [] });
}

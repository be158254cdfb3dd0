import { type Static, Type } from '@fastify/type-provider-typebox';
import { Value } from 'typebox/value';
import { AppError } from '../errors.js';

/**
 * The backup file: gzip'd lines of JSON, one engine-neutral format for PGlite and PostgreSQL.
 * A line starting with `{` is a row as the database wrote it (`row_to_json`); a line starting with `[`
 * is a marker: `["header", …]` first, then per table `["table", …]`, its rows and `["end", …]` with
 * the count and SHA-256 of those row lines, then `["sequences", …]` and `["done", …]` last. A file
 * without its `done` line was cut short.
 */
export const BACKUP_FORMAT = 'quietude-backup';
export const BACKUP_VERSION = 1;

const Header = Type.Object({
  format: Type.Literal(BACKUP_FORMAT),
  version: Type.Literal(BACKUP_VERSION),
  app: Type.String(),
  engine: Type.String(),
  createdAt: Type.String(),
  migrations: Type.Array(Type.String()),
  tables: Type.Array(Type.String()),
});
export type BackupHeader = Static<typeof Header>;

const TableStart = Type.Object({ table: Type.String(), columns: Type.Array(Type.String()) });
const TableEnd = Type.Object({
  table: Type.String(),
  rows: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
const SequenceState = Type.Object({ name: Type.String(), lastValue: Type.String(), isCalled: Type.Boolean() });
const Done = Type.Object({ tables: Type.Integer({ minimum: 0 }), rows: Type.Integer({ minimum: 0 }) });

export type TableEndMarker = Static<typeof TableEnd>;
export type SequenceMarker = Static<typeof SequenceState>;

export type BackupLine =
  | { kind: 'row'; text: string }
  | { kind: 'header'; value: BackupHeader }
  | { kind: 'table'; value: Static<typeof TableStart> }
  | { kind: 'end'; value: TableEndMarker }
  | { kind: 'sequences'; value: SequenceMarker[] }
  | { kind: 'done'; value: Static<typeof Done> };

const markers = {
  header: Header,
  table: TableStart,
  end: TableEnd,
  sequences: Type.Array(SequenceState),
  done: Done,
} as const;

export const corrupt = (why: string) =>
  new AppError('invalid_input', `The backup file is corrupt or incomplete: ${why}. Nothing was restored.`, [
    { field: 'file', message: why, fr: `fichier de sauvegarde endommagé ou incomplet : ${why}` },
  ]);

export const marker = <K extends keyof typeof markers>(kind: K, value: Static<(typeof markers)[K]>): string =>
  JSON.stringify([kind, value]);

/** Reads one line of a backup file; anything that is not a row or a well-formed marker is corruption. */
export function parseBackupLine(text: string, lineNumber: number): BackupLine {
  if (text.startsWith('{')) return { kind: 'row', text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt(`line ${lineNumber} is not JSON`);
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && Object.hasOwn(markers, parsed[0])) {
    const kind = parsed[0] as keyof typeof markers;
    if (Value.Check(markers[kind], parsed[1])) return { kind, value: parsed[1] } as BackupLine;
    throw corrupt(`line ${lineNumber}: malformed "${kind}" marker`);
  }
  throw corrupt(`line ${lineNumber} is neither a row nor a marker`);
}

/**
 * `importSsmsi`: streams an SSMSI file (communal or departmental, current or older format, plain or gzip) through
 * csv-parse, checks every row, writes batches into a new invisible edition, then switches it on. A malformed file
 * (up to 20 problems named by line and column) leaves the edition 'failed' without rows: the active edition
 * answers throughout.
 */
import { pipeline } from 'node:stream';
import { type Options, parse } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import {
  activateEdition,
  failEdition,
  insertValues,
  purgeEditionRows,
  purgeUnusedEditions,
  startEdition,
} from './edition-writes.js';
import { layoutOf, type SsmsiLayout } from './ssmsi-format.js';
import { type RowProblem, readSsmsiRow, type SsmsiValue } from './ssmsi-row.js';
import { gunzipped, type SsmsiSource } from './ssmsi-source.js';
import type { SsmsiFileKind, SsmsiFormat } from './tables.js';

export const MAX_PROBLEMS = 20;
/** Rows per insert: large enough that 5 million rows take few round trips, small enough to stay a short statement. */
export const SSMSI_BATCH = 5000;

export interface SsmsiImportReport {
  editionId: string;
  source: string;
  kind: SsmsiFileKind;
  format: SsmsiFormat;
  /** The commune geography's year (`CODGEO_YYYY`), null for a departmental file. */
  geographyYear: number | null;
  rowsRead: number;
  rowsImported: number;
  /** Values the file does not publish (`ndiff`) or gives as NA: unknown, never zero. */
  unpublished: number;
  years: number[];
  /** Labels the mapping does not know, imported under a derived key. */
  unknownLabels: string[];
}

const refused = (problems: { message: string; fr: string }[]): AppError =>
  new AppError(
    'invalid_input',
    `SSMSI file refused, nothing imported:\n${problems.map((p) => p.message).join('\n')}`,
    problems.map((p): FieldProblem => ({ field: 'file', message: p.message, fr: p.fr })),
  );

type Parsed = { record: string[]; line: number };

/** The file's records with their line, BOM stripped; gzip and CSV errors surface as the iterator's error. */
function records(source: SsmsiSource) {
  const options: Options = {
    delimiter: ';',
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    // The line where the record ends: what a user finds in an editor (SSMSI cells never hold line breaks).
    on_record: (record: string[], context: { lines: number }) => ({ record, line: context.lines }) as never,
  };
  const parser = parse(options);
  pipeline([...gunzipped(source), parser], (error) => {
    if (error && !parser.destroyed) parser.destroy(error);
  });
  return parser as AsyncIterable<Parsed>;
}

/** An error of the file itself: csv-parse's (`CSV_…`) or zlib's (`Z_…`), as opposed to the database's. */
const isReadingError = (error: unknown): boolean => /^(CSV_|Z_)/.test(String((error as { code?: unknown }).code ?? ''));

/** A reading error (a broken quote, bad gzip) as a problem at its line. */
function readingProblem(error: unknown): RowProblem {
  const e = error as { code?: string; lines?: number; message?: string };
  if (e.code === 'Z_DATA_ERROR' || /incorrect header check|unexpected end of file/i.test(e.message ?? ''))
    return { line: 0, column: '', message: 'not a readable gzip file', fr: 'ce n’est pas un fichier gzip lisible' };
  const line = e.lines ?? 0;
  return {
    line,
    column: '',
    message: `line ${line}: not a readable CSV (${e.message ?? 'unknown error'})`,
    fr: `ligne ${line} : CSV illisible (${e.message ?? 'erreur inconnue'})`,
  };
}

export interface ImportOptions {
  now: Date;
  batchSize?: number;
  /** Called after each batch written (the bench samples memory; tests pause an import). */
  afterBatch?: (rowsImported: number) => Promise<void> | void;
}

export async function importSsmsi(db: Kysely<DB>, source: SsmsiSource, options: ImportOptions): Promise<SsmsiImportReport> {
  const batchSize = options.batchSize ?? SSMSI_BATCH;
  const problems: RowProblem[] = [];
  const years = new Set<number>();
  const unknown = new Set<string>();
  let layout: SsmsiLayout | undefined;
  let editionId: string | undefined;
  let batch: SsmsiValue[] = [];
  let rowsRead = 0;
  let rowsImported = 0;
  let unpublished = 0;
  // One batch in flight while the next is read and checked: the database (PGlite's worker, or the server) and the
  // importing thread work at the same time; at most two batches are held in memory.
  let pending: Promise<void> = Promise.resolve();
  const settled = () => pending.catch(() => {});
  const flush = async () => {
    if (editionId && layout && batch.length && problems.length === 0) {
      const rows = batch;
      const level = layout.kind === 'communal' ? 'commune' : 'departement';
      await pending;
      pending = insertValues(db, editionId, level, rows).then(async () => {
        rowsImported += rows.length;
        await options.afterBatch?.(rowsImported);
      });
      // Awaited by the next flush or at the end; this only keeps a failure from being reported as unhandled meanwhile.
      pending.catch(() => {});
    }
    batch = [];
  };
  try {
    for await (const { record, line } of records(source)) {
      if (!layout) {
        const found = layoutOf(record);
        if ('problem' in found) throw refused([{ message: `line 1: ${found.problem}`, fr: `ligne 1 : ${found.fr}` }]);
        layout = found;
        await purgeUnusedEditions(db, options.now);
        editionId = await startEdition(db, { ...found, source: source.label, now: options.now });
        continue;
      }
      rowsRead += 1;
      const result = readSsmsiRow(record, line, layout);
      if (result.problems) {
        problems.push(...result.problems.slice(0, MAX_PROBLEMS - problems.length));
        if (problems.length >= MAX_PROBLEMS) break;
        continue;
      }
      const value = result.value;
      years.add(value.year);
      if (!value.known) unknown.add(value.label);
      if (value.count === null) unpublished += 1;
      if (problems.length === 0) batch.push(value);
      if (batch.length >= batchSize) await flush();
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (!isReadingError(error)) {
      // A database failure is not the file's fault: the edition is failed and the error goes up as it is.
      await settled();
      if (editionId) await failEdition(db, editionId, rowsRead);
      throw error;
    }
    problems.push(readingProblem(error));
  }
  try {
    if (!layout)
      throw refused(problems.length ? problems : [{ message: 'line 1: the file is empty', fr: 'ligne 1 : le fichier est vide' }]);
    if (rowsRead === 0 && problems.length === 0)
      problems.push({ line: 2, column: '', message: 'line 2: the file has no row', fr: 'ligne 2 : le fichier n’a aucune ligne' });
    if (problems.length) throw refused(problems);
    await flush();
    await pending;
    const counts = {
      rowsRead,
      rowsImported,
      unpublished,
      years: [...years].sort((a, b) => a - b),
      unknownLabels: [...unknown].sort(),
    };
    const retired = await activateEdition(db, editionId!, layout.kind, counts, options.now);
    for (const id of retired) await purgeEditionRows(db, id);
    return {
      editionId: editionId!,
      source: source.label,
      kind: layout.kind,
      format: layout.format,
      geographyYear: layout.geographyYear,
      ...counts,
    };
  } catch (error) {
    // No insert may still be running when the failed edition's rows are deleted.
    await settled();
    if (editionId) await failEdition(db, editionId, rowsRead);
    throw error;
  }
}

/** The CLI's report: counts as plain digits, the edition and the years found. */
export function describeSsmsiImport(report: SsmsiImportReport): string {
  const years = report.years.length ? `${report.years[0]}-${report.years.at(-1)} (${report.years.length} years)` : 'none';
  return [
    `rows read ${report.rowsRead}`,
    `rows imported ${report.rowsImported}`,
    `values not published ${report.unpublished}`,
    `edition ${report.kind} ${report.format} format${report.geographyYear ? `, geography CODGEO_${report.geographyYear}` : ''}`,
    `years ${years}`,
    ...(report.unknownLabels.length
      ? [`unknown indicators (imported under a derived key): ${report.unknownLabels.join(' | ')}`]
      : []),
    `edition ${report.editionId} activated (source: ${report.source})`,
  ].join('\n');
}

import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';

const MAX_PROBLEMS = 20;

/** The official list's columns, found by their header (the file's wording varies between editions). */
const headerOf = {
  code: /natinf/i,
  label: /qualification/i,
  nature: /^nature/i,
};

/**
 * Loads the official NATINF list (CSV with `;` or `,`, UTF-8 or with a BOM; columns « NATINF », « Nature de
 * l'infraction », « Qualification de l'infraction », others ignored) into the shared `natinf_codes` table. Every row
 * is checked first: a problem (line and column, up to 20) refuses the file and nothing is imported. Codes already
 * there are updated (a demo placeholder included); none is deleted, as old entries keep naming them.
 */
export async function importNatinf(db: Kysely<DB>, text: string, now: Date): Promise<{ imported: number }> {
  const delimiter = (text.split('\n')[0] ?? '').includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new AppError('invalid_input', `not a readable CSV: ${(error as Error).message}`, [
      { field: 'file', message: 'not a readable CSV' },
    ]);
  }
  const [header, ...rows] = records;
  const index = Object.fromEntries(
    Object.entries(headerOf).map(([name, pattern]) => [name, header?.findIndex((h) => pattern.test(h)) ?? -1]),
  ) as Record<keyof typeof headerOf, number>;
  const missing = (['code', 'label'] as const).filter((c) => index[c] < 0);
  if (missing.length > 0)
    throw new AppError(
      'invalid_input',
      `line 1: no column for ${missing.join(', ')} (expected « NATINF » and « Qualification de l'infraction »)`,
      [{ field: 'line 1', message: `no column for ${missing.join(', ')}` }],
    );
  const problems: FieldProblem[] = [];
  const problem = (line: number, column: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field: `line ${line}, column ${column}`, message });
  };
  const seen = new Set<number>();
  const values: { code: number; label: string; qualification: string; source: 'official'; updated_at: Date }[] = [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const code = row[index.code] ?? '';
    const label = row[index.label] ?? '';
    if (!/^\d{1,6}$/.test(code) || Number(code) === 0)
      problem(line, header![index.code]!, `« ${code} » is not a NATINF code (digits)`);
    else if (seen.has(Number(code))) problem(line, header![index.code]!, `code ${code} appears twice`);
    if (!label || label.length > 1000)
      problem(line, header![index.label]!, 'the offence’s wording is missing or longer than 1000 characters');
    seen.add(Number(code));
    values.push({
      code: Number(code),
      label,
      qualification: index.nature >= 0 ? (row[index.nature] ?? '') : '',
      source: 'official',
      updated_at: now,
    });
  }
  if (rows.length === 0) problem(2, header![index.code]!, 'the file has no row');
  if (problems.length > 0)
    throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('\n'), problems);
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < values.length; i += 1000)
      await tx
        .insertInto('natinf_codes')
        .values(values.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            label: eb.ref('excluded.label'),
            qualification: eb.ref('excluded.qualification'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
  });
  return { imported: values.length };
}

export const importNatinfFile = async (db: Kysely<DB>, path: string, now: Date) =>
  importNatinf(db, await readFile(path, 'utf8'), now);

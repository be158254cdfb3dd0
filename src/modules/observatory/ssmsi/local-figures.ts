/**
 * The monthly figures the State's police or gendarmerie share with the tenant (docs/observatory-csv.md): a small
 * CSV read whole, every row checked before anything is written, then one operation writes all of them (a month,
 * indicator and source already there is replaced). Reading them is an audited operation too: they are confidential.
 */
import { parse } from 'csv-parse/sync';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { requireConfidential } from './confidential-access.js';
import { normalise } from './indicators.js';
import type { LocalFigureSource } from './tables.js';

const MAX_PROBLEMS = 20;
const MAX_ROWS = 50_000;
const sources: LocalFigureSource[] = ['police_nationale', 'gendarmerie'];

const headerNames: Record<'month' | 'indicator' | 'count' | 'source', string[]> = {
  month: ['mois', 'month'],
  indicator: ['indicateur', 'indicator'],
  count: ['nombre', 'count'],
  source: ['source'],
};

export interface LocalFigure {
  month: string;
  indicator: string;
  count: number;
  source: LocalFigureSource;
}

/** The rows of the CSV, or every problem (line and column, up to 20) as an AppError invalid_input. */
export function parseLocalFigures(csv: string): LocalFigure[] {
  const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      delimiter: firstLine.includes(';') ? ';' : ',',
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    throw new AppError('invalid_input', `not a readable CSV: ${(error as Error).message}`, [
      { field: 'file', message: 'not a readable CSV', fr: 'ce n’est pas un CSV lisible' },
    ]);
  }
  const [header = [], ...rows] = records;
  const keys = header.map(normalise);
  const at = Object.fromEntries(
    Object.entries(headerNames).map(([column, names]) => [column, keys.findIndex((k) => names.includes(k))]),
  ) as Record<keyof typeof headerNames, number>;
  const missing = Object.entries(at)
    .filter(([, i]) => i < 0)
    .map(([column]) => headerNames[column as keyof typeof headerNames][0]);
  if (missing.length)
    throw new AppError('invalid_input', `line 1: missing column(s) ${missing.join(', ')}`, [
      {
        field: 'file',
        message: `line 1: missing column(s) ${missing.join(', ')}`,
        fr: `ligne 1 : colonne(s) manquante(s) ${missing.join(', ')}`,
      },
    ]);
  if (rows.length === 0 || rows.length > MAX_ROWS)
    throw new AppError('invalid_input', `the file has ${rows.length} rows (1 to ${MAX_ROWS})`, [
      {
        field: 'file',
        message: `the file has ${rows.length} rows`,
        fr: `le fichier a ${rows.length} lignes (de 1 à ${MAX_ROWS})`,
      },
    ]);
  const problems: FieldProblem[] = [];
  const problem = (line: number, column: number, message: string, fr: string) => {
    if (problems.length < MAX_PROBLEMS)
      problems.push({
        field: 'file',
        message: `line ${line}, column ${header[column]}: ${message}`,
        fr: `ligne ${line}, colonne ${header[column]} : ${fr}`,
      });
  };
  const seen = new Set<string>();
  const figures: LocalFigure[] = [];
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    const month = row[at.month] ?? '';
    const indicator = row[at.indicator] ?? '';
    const count = row[at.count] ?? '';
    const source = (row[at.source] ?? '').toLowerCase().replace(/[\s-]+/g, '_') as LocalFigureSource;
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2200)
      problem(line, at.month, `« ${month} » is not a month (YYYY-MM)`, `« ${month} » n’est pas un mois (AAAA-MM)`);
    if (!indicator || indicator.length > 200) problem(line, at.indicator, 'the indicator is missing', 'l’indicateur manque');
    if (!/^\d{1,7}$/.test(count))
      problem(line, at.count, `« ${count} » is not a whole number`, `« ${count} » n’est pas un nombre entier`);
    if (!sources.includes(source))
      problem(
        line,
        at.source,
        `« ${row[at.source] ?? ''} » is neither police_nationale nor gendarmerie`,
        `« ${row[at.source] ?? ''} » n’est ni police_nationale ni gendarmerie`,
      );
    const key = `${month}|${indicator}|${source}`;
    if (seen.has(key))
      problem(
        line,
        at.indicator,
        'this month, indicator and source appear twice',
        'ce mois, cet indicateur et cette source figurent deux fois',
      );
    seen.add(key);
    figures.push({ month: `${month}-01`, indicator, count: Number(count), source });
  }
  if (problems.length)
    throw new AppError(
      'invalid_input',
      `local figures refused, nothing imported:\n${problems.map((p) => p.message).join('\n')}`,
      problems,
    );
  return figures;
}

export const importLocalFigures = defineOperation({
  name: 'observatory.import-local-figures',
  // Importing shows the figures back: the importer must be among the roles that may read them.
  permission: 'observatory.import',
  async run({ tx, tenant, clock, actor, audit }, input: { csv: string }) {
    await requireConfidential(tx, actor);
    const figures = parseLocalFigures(input.csv);
    for (let i = 0; i < figures.length; i += 1000)
      await tx
        .insertInto('observatory_local_figures')
        .values(figures.slice(i, i + 1000).map((f) => ({ ...f, tenant_id: tenant.id, imported_at: clock.now() })))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'month', 'indicator', 'source']).doUpdateSet((eb) => ({
            count: eb.ref('excluded.count'),
            imported_at: eb.ref('excluded.imported_at'),
          })),
        )
        .execute();
    audit({
      entityType: 'observatory-local-figures',
      entityId: null,
      fields: ['month', 'indicator', 'count', 'source'],
      count: figures.length,
    });
    return { imported: figures.length };
  },
});

/**
 * The confidential figures, oldest month first; the read is audited (who looked at the State's figures). A reader
 * whose roles the tenant does not list gets a 404.
 */
export const readLocalFigures = defineOperation({
  name: 'observatory.read-local-figures',
  permission: 'observatory.view',
  async run({ tx, tenant, actor, audit }, input: { from?: string; to?: string }) {
    await requireConfidential(tx, actor);
    let query = tx
      .selectFrom('observatory_local_figures')
      .select(['month', 'indicator', 'count', 'source'])
      .where('tenant_id', '=', tenant.id);
    if (input.from) query = query.where('month', '>=', `${input.from}-01`);
    if (input.to) query = query.where('month', '<=', `${input.to}-01`);
    const rows = await query.orderBy('month').orderBy('indicator').orderBy('source').execute();
    audit({ entityType: 'observatory-local-figures', entityId: null, fields: ['count'], count: rows.length });
    return rows.map((r) => ({ ...r, month: r.month.slice(0, 7) }));
  },
});

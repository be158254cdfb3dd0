import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { defineOperation } from '../../../platform/access/operation.js';
import { AppError, type FieldProblem } from '../../../platform/errors.js';
import { checkEntry, type EntryInput } from './check-entry.js';
import { type EntryFilter, matching } from './entry-queries.js';
import { checkReferences, entryColumns, entryNumber, replaceAgentsAndPeople } from './entry-writes.js';
import { localParts } from './local-time.js';

/**
 * The CSV of entries, documented in docs/police-main-courante-csv.md: one entry per row, lists separated by « | »,
 * times in ISO 8601 with their offset. People involved are not in the file (see the document).
 */
export const csvColumns = [
  'number',
  'called_at',
  'arrived_at',
  'ended_at',
  'kind',
  'nature',
  'natinf_code',
  'source',
  'lat',
  'lon',
  'address',
  'agents',
  'vehicles',
  'findings',
  'follow_up',
  'validated_at',
  'validated_by',
] as const;

/** A cell that a spreadsheet would run as a formula starts with an apostrophe (removed again on import). */
const cell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};
const uncell = (text: string) => (/^'[=+@\t\r]/.test(text) ? text.slice(1) : text);
const iso = (at: Date | null) => (at ? at.toISOString() : '');

/** The filtered entries as CSV, oldest first. */
export async function entriesCsv(tx: Tx, filter: EntryFilter): Promise<string> {
  const rows = await tx
    .selectFrom('main_courante_entries as e')
    .select([
      'e.year',
      'e.number',
      'e.called_at',
      'e.arrived_at',
      'e.ended_at',
      'e.kind',
      'e.nature',
      'e.natinf_code',
      'e.source',
      sql<number | null>`ST_Y(e.geom)`.as('lat'),
      sql<number | null>`ST_X(e.geom)`.as('lon'),
      'e.address',
      sql<string>`(SELECT string_agg(a.staff_number, '|' ORDER BY a.staff_number) FROM main_courante_entry_agents ea JOIN police_agents a ON a.id = ea.agent_id WHERE ea.entry_id = e.id)`.as(
        'agents',
      ),
      'e.vehicles',
      'e.findings',
      'e.follow_up',
      'e.validated_at',
      'e.validated_by',
    ])
    .where(matching(filter))
    .orderBy('e.called_at')
    .orderBy('e.id')
    .execute();
  const lines = [csvColumns.join(',')];
  for (const r of rows)
    lines.push(
      [
        entryNumber(r.year, r.number),
        iso(r.called_at),
        iso(r.arrived_at),
        iso(r.ended_at),
        r.kind,
        r.nature,
        r.natinf_code ?? '',
        r.source,
        r.lat ?? '',
        r.lon ?? '',
        r.address ?? '',
        r.agents ?? '',
        r.vehicles.join('|'),
        r.findings,
        r.follow_up.join('|'),
        iso(r.validated_at),
        r.validated_by ?? '',
      ]
        .map(cell)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}

/** The CSV column of each operation field, to name problems the way the file does. */
const columnOf: Record<string, string> = {
  calledAt: 'called_at',
  arrivedAt: 'arrived_at',
  endedAt: 'ended_at',
  natinfCode: 'natinf_code',
  followUp: 'follow_up',
  reportId: 'source',
};
const MAX_PROBLEMS = 20;

/**
 * Imports entries from another software's export converted to the documented CSV. Every row is checked first;
 * any problem (named by line and column, up to 20) refuses the whole file and nothing is imported. A number
 * `YYYY-NNNNNN` is kept (the year's counter then continues after it); without one, the next number is given.
 */
export const importEntries = defineOperation({
  name: 'police.import-main-courante',
  permission: 'police.validate',
  async run(scope, input: { csv: string }): Promise<{ imported: number }> {
    const { tx, tenant, clock, actor, audit } = scope;
    let records: string[][];
    try {
      records = parse(input.csv, { bom: true, relax_column_count: false, skip_empty_lines: true });
    } catch (error) {
      throw new AppError('invalid_input', `file: not a readable CSV (${(error as Error).message})`, [
        { field: 'file', message: 'not a readable CSV', fr: 'fichier CSV illisible' },
      ]);
    }
    const [header, ...data] = records;
    const missing = csvColumns.filter((c) => !header?.includes(c));
    if (!header || missing.length > 0)
      throw new AppError('invalid_input', `line 1: missing columns ${missing.join(', ')}`, [
        { field: 'line 1', message: `missing columns ${missing.join(', ')}`, fr: `colonnes manquantes : ${missing.join(', ')}` },
      ]);
    const agents = new Map(
      (await tx.selectFrom('police_agents').select(['id', 'staff_number']).execute()).map((a) => [a.staff_number, a.id]),
    );
    const problems: FieldProblem[] = [];
    const add = (line: number, column: string, message: string, fr?: string) =>
      problems.length < MAX_PROBLEMS &&
      problems.push({ field: `line ${line}, ${column}`, message, fr: `ligne ${line}, colonne ${column} : ${fr ?? message}` });
    const checked: {
      line: number;
      entry: ReturnType<typeof checkEntry>;
      number: [number, number] | null;
      validated: [Date, string] | null;
    }[] = [];
    const taken = new Set<string>();
    for (const [i, record] of data.entries()) {
      const line = i + 2;
      const get = (column: (typeof csvColumns)[number]) => uncell(record[header.indexOf(column)] ?? '').trim();
      const list = (column: (typeof csvColumns)[number]) =>
        get(column)
          .split('|')
          .map((v) => v.trim())
          .filter(Boolean);
      const staff = list('agents');
      const unknown = staff.filter((s) => !agents.has(s));
      if (unknown.length > 0) add(line, 'agents', `unknown agent ${unknown.join(', ')}`, `agent inconnu ${unknown.join(', ')}`);
      const entryInput: EntryInput = {
        kind: get('kind'),
        nature: get('nature'),
        natinfCode: get('natinf_code'),
        source: get('source'),
        calledAt: get('called_at'),
        arrivedAt: get('arrived_at'),
        endedAt: get('ended_at'),
        lat: get('lat'),
        lon: get('lon'),
        address: get('address'),
        agents: staff.map((s) => agents.get(s) ?? '00000000-0000-4000-8000-000000000000'),
        vehicles: list('vehicles'),
        findings: get('findings'),
        followUp: list('follow_up'),
      };
      let number: [number, number] | null = null;
      const numbered = get('number');
      if (numbered) {
        const m = /^(\d{4})-(\d{1,9})$/.exec(numbered);
        if (!m || Number(m[2]) === 0) add(line, 'number', 'must read YYYY-NNNNNN', 'numéro attendu AAAA-NNNNNN');
        else if (taken.has(numbered)) add(line, 'number', 'appears twice in the file', 'en double dans le fichier');
        else {
          taken.add(numbered);
          number = [Number(m[1]), Number(m[2])];
        }
      }
      let validated: [Date, string] | null = null;
      if (get('validated_at')) {
        const at = new Date(get('validated_at'));
        if (Number.isNaN(at.getTime()) || !/[Zz]|[+-]\d{2}:\d{2}$/.test(get('validated_at')))
          add(line, 'validated_at', 'must be an ISO 8601 time with offset', 'date ISO 8601 avec décalage attendue');
        else validated = [at, get('validated_by') || 'import'];
      }
      try {
        const entry = checkEntry(entryInput, { now: clock.now(), zone: tenant.time_zone });
        if (unknown.length === 0) checked.push({ line, entry, number, validated });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const p of error.details.filter((d) => !(unknown.length > 0 && d.field === 'agents')))
          add(line, columnOf[p.field] ?? p.field, p.message, p.fr);
      }
    }
    for (const { line, entry } of checked) {
      try {
        await checkReferences(tx, actor, entry, { checkReport: false });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const p of error.details) add(line, columnOf[p.field] ?? p.field, p.message, p.fr);
      }
    }
    const existing = new Set(
      (await tx.selectFrom('main_courante_entries').select(['year', 'number']).execute()).map((e) =>
        entryNumber(e.year, e.number),
      ),
    );
    for (const { line, number } of checked)
      if (number && existing.has(entryNumber(...number)))
        add(line, 'number', 'already in the main courante', 'numéro déjà présent');
    if (data.length === 0) add(2, 'number', 'the file has no entry', 'le fichier ne contient aucune entrée');
    if (problems.length > 0)
      throw new AppError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);

    // Numbered rows first, so that the counters continue after the numbers kept.
    const ordered = [...checked].sort(
      (a, b) => Number(Boolean(b.number)) - Number(Boolean(a.number)) || +a.entry.calledAt - +b.entry.calledAt,
    );
    for (const { entry, number, validated } of ordered) {
      const year = number?.[0] ?? localParts(entry.calledAt, tenant.time_zone).year;
      const counter = await tx
        .insertInto('main_courante_counters')
        .values({ tenant_id: tenant.id, year, last_number: number?.[1] ?? 1 })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'year']).doUpdateSet({
            last_number: number
              ? sql`greatest(main_courante_counters.last_number, ${number[1]})`
              : sql`main_courante_counters.last_number + 1`,
          }),
        )
        .returning('last_number')
        .executeTakeFirstOrThrow();
      const { id } = await tx
        .insertInto('main_courante_entries')
        .values({
          tenant_id: tenant.id,
          year,
          number: number?.[1] ?? counter.last_number,
          ...(await entryColumns(tx, entry)),
          created_by: actor.label,
          created_at: clock.now(),
          updated_at: clock.now(),
          validated_by: validated?.[1] ?? null,
          validated_at: validated?.[0] ?? null,
          elimination_list_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceAgentsAndPeople(tx, tenant.id, id, entry);
    }
    audit({ entityType: 'main-courante', entityId: null, fields: [...csvColumns], count: checked.length });
    return { imported: checked.length };
  },
});

import { sql } from 'kysely';
import type { Tx } from '../../../db/database.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { type Actor, can } from '../../../platform/access/actor.js';
import type { AppDeps } from '../../../platform/deps.js';
import { type ProtectedCount, protectCount, protectTable } from '../../../platform/privacy/small-numbers.js';
import { readSettings } from '../../../platform/settings/tenant-settings.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';
import { type EntryFilter, matching } from './entry-queries.js';
import { natures } from './natures.js';

export interface Breakdown {
  key: string;
  count: ProtectedCount;
}

export interface EntryStatistics {
  k: number;
  /** Whether small counts are hidden: always outside police roles (`police.log`). */
  protected: boolean;
  total: ProtectedCount;
  byNature: Breakdown[];
  byTerritory: Breakdown[];
  byHour: Breakdown[];
  byWeekday: Breakdown[];
  medianResponseMinutes: number | null;
  /** How many entries have an arrival time (the median's base). */
  responses: ProtectedCount;
}

const out = (b: Breakdown) => ({
  key: b.key,
  count: b.count.kind === 'shown' ? b.count.value : null,
  suppressed: b.count.kind === 'suppressed',
});

/** The API's shape of the statistics (snake_case; a hidden count is null with `suppressed`). */
export const statisticsForApi = (stats: EntryStatistics) => ({
  k: stats.k,
  protected: stats.protected,
  total: out({ key: 'total', count: stats.total }),
  by_nature: stats.byNature.map(out),
  by_territory: stats.byTerritory.map(out),
  by_hour: stats.byHour.map(out),
  by_weekday: stats.byWeekday.map(out),
  median_response_minutes: stats.medianResponseMinutes,
});

/** The raw counts of the filtered entries, in the tenant's zone for hours and weekdays. */
async function rawCounts(tx: Tx, filter: EntryFilter, zone: string) {
  const base = () => tx.selectFrom('main_courante_entries as e').where(matching(filter));
  const local = sql`(e.called_at AT TIME ZONE ${zone})`;
  const byNature = await base()
    .select(['e.nature as key', sql<string>`count(*)`.as('n')])
    .groupBy('e.nature')
    .execute();
  const byTerritory = await base()
    .leftJoin('territories as t', 't.id', 'e.territory_id')
    .select([sql<string>`coalesce(t.name, '—')`.as('key'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`coalesce(t.name, '—')`)
    .execute();
  const byHour = await base()
    .select([sql<string>`extract(hour from ${local})::int::text`.as('key'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const byWeekday = await base()
    .select([sql<string>`((extract(isodow from ${local})::int + 6) % 7)::text`.as('key'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const response = await base()
    .select([
      sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from (e.arrived_at - e.called_at)) / 60)`.as(
        'median',
      ),
      sql<string>`count(e.arrived_at)`.as('n'),
    ])
    .executeTakeFirstOrThrow();
  return { byNature, byTerritory, byHour, byWeekday, response };
}

/** Every key in a fixed order with its count (0 when absent), so that hidden cells cannot be told by absence. */
const series = (rows: { key: string; n: string }[], keys: string[]) =>
  keys.map((key) => Number(rows.find((r) => r.key === key)?.n ?? 0));

/**
 * Counts by nature, territory, hour and weekday, and the median response time. Outside police roles every figure
 * goes through the small-number helper; the total is hidden everywhere as soon as one breakdown hides it.
 */
export async function entryStatistics(
  deps: AppDeps,
  tenant: Tenant,
  actor: Actor,
  filter: EntryFilter,
): Promise<EntryStatistics> {
  const { raw, k, territories } = await withTenant(deps.database.db, tenant.id, async (tx) => ({
    raw: await rawCounts(tx, filter, tenant.time_zone),
    k: (await readSettings(tx)).smallNumberThreshold,
    territories: (
      await tx
        .selectFrom('territories')
        .select('name')
        .where('tenant_id', '=', sql<string>`quietude_tenant()`)
        .orderBy('name')
        .execute()
    ).map((t) => t.name),
  }));
  const keys = {
    nature: natures.map((n) => n.code),
    territory: [...territories, '—'],
    hour: Array.from({ length: 24 }, (_, h) => String(h)),
    weekday: Array.from({ length: 7 }, (_, d) => String(d)),
  };
  const counts = {
    nature: series(raw.byNature, keys.nature),
    territory: series(raw.byTerritory, keys.territory),
    hour: series(raw.byHour, keys.hour),
    weekday: series(raw.byWeekday, keys.weekday),
  };
  const total = counts.nature.reduce((a, b) => a + b, 0);
  const responses = Number(raw.response.n);
  const isProtected = !can(actor, 'police.log');
  const shown = (n: number): ProtectedCount => ({ kind: 'shown', value: n });
  let cells: Record<keyof typeof counts, ProtectedCount[]>;
  let totalCount: ProtectedCount;
  if (isProtected) {
    const first = Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, protectTable([c], k)])) as Record<
      keyof typeof counts,
      ReturnType<typeof protectTable>
    >;
    const hideTotal = Object.values(first).some(
      (t) => t.totals?.grand.kind === 'suppressed' || t.totals?.rows[0]?.kind === 'suppressed',
    );
    const final = hideTotal
      ? (Object.fromEntries(
          Object.entries(counts).map(([name, c]) => [name, protectTable([c], k, { alsoHide: { grand: true } })]),
        ) as typeof first)
      : first;
    cells = Object.fromEntries(Object.entries(final).map(([name, t]) => [name, t.cells[0]!])) as typeof cells;
    totalCount = hideTotal ? { kind: 'suppressed', below: k } : shown(total);
  } else {
    cells = Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, c.map(shown)])) as typeof cells;
    totalCount = shown(total);
  }
  const responsesCount = isProtected ? protectCount(responses, k) : shown(responses);
  const median =
    raw.response.median === null || (isProtected && responsesCount.kind === 'suppressed')
      ? null
      : Math.round(Number(raw.response.median) * 10) / 10;
  const pair = (name: keyof typeof counts) => keys[name].map((key, i) => ({ key, count: cells[name][i]! }));
  return {
    k,
    protected: isProtected,
    total: totalCount,
    byNature: pair('nature'),
    byTerritory: pair('territory'),
    byHour: pair('hour'),
    byWeekday: pair('weekday'),
    medianResponseMinutes: median,
    responses: responsesCount,
  };
}

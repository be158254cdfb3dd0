import { cellToBoundary, latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import { type ProtectedCount, protectTable } from '../../platform/privacy/small-numbers.js';
import { listCategories } from './category-queries.js';

/** H3 resolution 8: cells of about 0.74 km², a few streets — never a single building. */
export const MAP_RESOLUTION = 8;

export interface PublicFigures {
  from: Date;
  until: Date;
  categories: { code: string; name: { fr: string; en: string } }[];
  /** Rows: H3 cells (with their outline); columns: categories; protected with their totals. */
  cells: { h3: string; outline: [number, number][]; counts: ProtectedCount[]; total: ProtectedCount }[];
  /** Rows: the tenant's territories (quartiers…); protected the same way. */
  territories: { name: string; counts: ProtectedCount[]; total: ProtectedCount }[];
  totals: { counts: ProtectedCount[]; grand: ProtectedCount };
  k: number;
}

/**
 * The public picture of the reports: public categories only, counted by map cell and by territory, each
 * table through the small-number helper (counts under k hidden, with complementary suppression against
 * its totals). No point, no date finer than the period, no description: a report never shows by itself.
 */
export async function readPublicFigures(tx: Tx, options: { from: Date; until: Date; k: number }): Promise<PublicFigures> {
  const categories = await listCategories(tx, { publicOnly: true });
  const rows = await tx
    .selectFrom('reports as r')
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .leftJoin('territories as t', 't.id', 'r.territory_id')
    .select(['c.code', 't.name as territory', sql<number>`ST_Y(r.geom)`.as('lat'), sql<number>`ST_X(r.geom)`.as('lon')])
    .where('c.visibility', '=', 'public')
    .where('r.moderation', '!=', 'hidden')
    .where('r.duplicate_of', 'is', null)
    .where('r.created_at', '>=', options.from)
    .where('r.created_at', '<=', options.until)
    .execute();
  const column = new Map(categories.map((c, i) => [c.code, i]));
  const tally = (keyOf: (row: (typeof rows)[number]) => string) => {
    const counts = new Map<string, number[]>();
    for (const row of rows) {
      const j = column.get(row.code);
      if (j === undefined) continue;
      const key = keyOf(row);
      const line = counts.get(key) ?? categories.map(() => 0);
      line[j] = (line[j] ?? 0) + 1;
      counts.set(key, line);
    }
    const keys = [...counts.keys()].sort();
    return {
      keys,
      table: protectTable(
        keys.map((key) => counts.get(key) as number[]),
        options.k,
      ),
    };
  };
  const byCell = tally((row) => latLngToCell(row.lat, row.lon, MAP_RESOLUTION));
  const byTerritory = tally((row) => row.territory ?? '—');
  const empty = categories.map(() => ({ kind: 'shown', value: 0 }) as ProtectedCount);
  return {
    from: options.from,
    until: options.until,
    categories: categories.map((c) => ({ code: c.code, name: c.name })),
    cells: byCell.keys.map((h3, i) => ({
      h3,
      outline: cellToBoundary(h3, true) as [number, number][],
      counts: byCell.table.cells[i] ?? [],
      total: byCell.table.totals?.rows[i] ?? { kind: 'shown', value: 0 },
    })),
    territories: byTerritory.keys.map((name, i) => ({
      name,
      counts: byTerritory.table.cells[i] ?? [],
      total: byTerritory.table.totals?.rows[i] ?? { kind: 'shown', value: 0 },
    })),
    totals: {
      counts: byCell.keys.length ? (byCell.table.totals?.columns ?? empty) : empty,
      grand: byCell.table.totals?.grand ?? { kind: 'shown', value: 0 },
    },
    k: options.k,
  };
}

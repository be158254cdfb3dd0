/**
 * `quietude import-population-grid`: keeps the squares of INSEE's 200 m grid that lie in the tenant's
 * commune(s) and replaces the tenant's previous grid with them, in one transaction. The coverage map then
 * places people by these squares instead of spreading the commune's population evenly.
 */
import { basename, extname } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenant-transaction.js';
import { requirePermission } from '../../platform/access/actor.js';
import { defineOperation, type OperationContext } from '../../platform/access/operation.js';
import { AppError } from '../../platform/errors.js';
import {
  type GridCandidate,
  type GridRejection,
  gridRejections,
  LINES_SHOWN,
  laeaBox,
  readGridFile,
} from './population-grid-file.js';

/** A square whose centre is this close to the outline overlaps it: half the square's diagonal (141.4 m). */
export const SQUARE_REACH_M = 142;
const BATCH = 2000;

export interface GridImportResult {
  read: number;
  kept: number;
  rejected: Partial<Record<GridRejection, { count: number; lines: number[] }>>;
  source: string;
}

/** The outer and inner rings ([lon, lat]) of the tenant's commune outlines; empty when it has none. */
async function communeRings(ctx: OperationContext): Promise<number[][][]> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
    tx.selectFrom('territories').select(sql<string>`ST_AsGeoJSON(geom)`.as('geojson')).where('kind', '=', 'commune').execute(),
  );
  return rows.flatMap((row) => {
    const geometry = JSON.parse(row.geojson) as Polygon | MultiPolygon;
    return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  });
}

/**
 * Replaces the tenant's grid by the candidates whose centre is within SQUARE_REACH_M of one of its commune
 * outlines. Refuses (and so changes nothing) when none is: a file of another region would empty the grid.
 */
export const replacePopulationGrid = defineOperation({
  name: 'safe-places.import-population-grid',
  permission: 'safe-places.manage',
  async run({ tx, tenant, clock, audit }, { squares, source }: { squares: GridCandidate[]; source: string }) {
    const now = clock.now();
    await tx.deleteFrom('population_grid_squares').where('tenant_id', '=', tenant.id).execute();
    const kept = new Set<string>();
    for (let start = 0; start < squares.length; start += BATCH) {
      const batch = squares.slice(start, start + BATCH);
      const { rows } = await sql<{ id: string }>`
        INSERT INTO population_grid_squares (tenant_id, id, geom, population, source, imported_at)
        SELECT ${tenant.id}, s.id, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), s.population, ${source}, ${now}
        FROM unnest(${batch.map((s) => s.id)}::text[], ${batch.map((s) => s.lon)}::float8[],
                    ${batch.map((s) => s.lat)}::float8[], ${batch.map((s) => s.population)}::numeric[])
          AS s(id, lon, lat, population)
        WHERE EXISTS (
          SELECT 1 FROM territories t
          WHERE t.tenant_id = ${tenant.id} AND t.kind = 'commune'
            AND ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)::geography, ${SQUARE_REACH_M})
        )
        RETURNING id`.execute(tx);
      for (const row of rows) kept.add(row.id);
    }
    if (kept.size === 0)
      throw new AppError(
        'invalid_input',
        'No square of the file lies in the commune: nothing imported (is it the right region?)',
      );
    audit({ entityType: 'population-grid', entityId: null, fields: ['geom', 'population', 'source'], count: kept.size });
    return kept;
  },
});

function checkSource(source: string): string {
  const text = source.trim();
  if (text.length < 1 || text.length > 120) throw new AppError('invalid_input', '--source must be 1 to 120 characters');
  return text;
}

/** Reads the file (streamed), keeps the commune's squares, replaces the tenant's grid. */
export async function importPopulationGridFile(
  ctx: OperationContext,
  path: string,
  options: { source?: string } = {},
): Promise<GridImportResult> {
  // Refused before reading a national file for nothing.
  requirePermission(ctx.actor, 'safe-places.manage');
  const source = checkSource(options.source ?? basename(path, extname(path)));
  const rings = await communeRings(ctx);
  if (rings.length === 0)
    throw new AppError('invalid_input', 'The tenant has no commune outline: import it first (quietude import-territories)');
  const file = await readGridFile(path, laeaBox(rings));
  const kept = await replacePopulationGrid(ctx, { squares: file.candidates, source });
  const rejected = { ...file.rejected };
  const outside = file.candidates.filter((square) => !kept.has(square.id)).map((square) => square.line);
  if (outside.length) {
    const before = rejected['outside the territory'] ?? { count: 0, lines: [] };
    const lines = [...before.lines, ...outside].sort((a, b) => a - b).slice(0, LINES_SHOWN);
    rejected['outside the territory'] = { count: before.count + outside.length, lines };
  }
  return { read: file.read, kept: kept.size, rejected, source };
}

/** The CLI's report: "N read, N kept, N rejected", then one line per reason with the first lines concerned. */
export function describeGridImport({ read, kept, rejected, source }: GridImportResult): string {
  const reasons = gridRejections.flatMap((reason) => {
    const entry = rejected[reason];
    return entry ? [[reason, entry] as const] : [];
  });
  const total = reasons.reduce((sum, [, r]) => sum + r.count, 0);
  return [
    `${read} read, ${kept} kept, ${total} rejected (source: ${source})`,
    ...reasons.map(
      ([reason, { count, lines }]) =>
        `  ${reason}: ${count} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}${count > lines.length ? ', …' : ''})`,
    ),
  ].join('\n');
}

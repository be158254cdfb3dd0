import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { GridSquare } from './coverage.js';

export interface PopulationGrid {
  squares: GridSquare[];
  /** The edition named at import (e.g. « Filosofi 2019 »). */
  source: string;
  importedAt: Date;
}

/** The tenant's imported 200 m grid (square centres), or undefined when none was imported. */
export async function loadPopulationGrid(tx: Tx): Promise<PopulationGrid | undefined> {
  const rows = await tx
    .selectFrom('population_grid_squares')
    .select([
      sql<number>`ST_Y(geom)`.as('lat'),
      sql<number>`ST_X(geom)`.as('lon'),
      sql<number>`population::float8`.as('population'),
      'source',
      'imported_at',
    ])
    .orderBy('id')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return {
    squares: rows.map(({ lat, lon, population }) => ({ lat, lon, population })),
    source: first.source,
    importedAt: first.imported_at,
  };
}

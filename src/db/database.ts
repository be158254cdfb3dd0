import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// Return bigint counts as numbers and dates as ISO strings are the driver's
// defaults we keep; int8 (count(*)) becomes a JS number since counts stay small.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
// Dates without time stay 'YYYY-MM-DD' strings: turning them into instants would shift them by the zone.
pg.types.setTypeParser(1082, (value) => value);

export type Engine = 'pglite' | 'postgres';

export interface Database {
  engine: Engine;
  pool: pg.Pool;
  db: Kysely<DB>;
  /** Queries the embedded engine is running now (0 on PostgreSQL). */
  busy(): number;
  close(): Promise<void>;
}

export type Tx = Transaction<DB>;

export function createDatabase(
  engine: Engine,
  connection: pg.PoolConfig,
  onClose: () => Promise<void> = async () => {},
  busy: () => number = () => 0,
): Database {
  const pool = new pg.Pool({ max: 10, connectionTimeoutMillis: 10_000, ...connection });
  // A dropped connection must not crash the process: requests fail, /ready says 503.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    engine,
    pool,
    db,
    busy,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; migrations use the pool directly.
      if (!pool.ended) await pool.end();
      await onClose();
    },
  };
}

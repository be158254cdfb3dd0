import { createHash } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import pg from 'pg';
import { defaultLoad, type LoadFigures, measureRequests, type RequestSpec } from './load.js';

/** What the database alone allows a report POST, measured beside the app on the same PostgreSQL server. */
export interface WriteCeilings {
  /** One transaction a request: BEGIN, one INSERT of the report's fields, COMMIT. */
  insert: LoadFigures;
  /** The same, plus the audit chain's pattern: a per-tenant advisory lock, the chain's last row read, one row appended. */
  chained: LoadFigures;
}

/**
 * Ceilings for a durable write: a bare Fastify server in this process (form bodies parsed as the app's
 * Open311 route gets them) with its own pool of as many connections as the load has, writing each POST to
 * the bench database before answering 200. Nothing else: no routing, no rate limit, no permission.
 * The two tables are created here, in the bench database that is dropped afterwards.
 */
export async function measureWriteCeilings(databaseUrl: string, specs: RequestSpec[]): Promise<WriteCeilings> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: defaultLoad.connections });
  const app = Fastify();
  try {
    await pool.query(`CREATE TABLE bench_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now(),
      service_code text NOT NULL, lat double precision NOT NULL, lon double precision NOT NULL, description text NOT NULL)`);
    await pool.query(`CREATE TABLE bench_chain (
      tenant text NOT NULL, seq bigint NOT NULL, report uuid NOT NULL, prev_hash text NOT NULL, hash text NOT NULL,
      PRIMARY KEY (tenant, seq))`);
    await app.register(formbody);
    const insert = `INSERT INTO bench_reports (service_code, lat, lon, description) VALUES ($1, $2, $3, $4) RETURNING id`;
    type Body = { service_code: string; lat: string; long: string; description: string };
    const write = async (body: Body, chained: boolean) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ id: string }>(insert, [body.service_code, body.lat, body.long, body.description]);
        const id = rows[0]!.id;
        if (chained) {
          await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('bench:chain', 0))`);
          const last = await client.query<{ seq: string; hash: string }>(
            `SELECT seq, hash FROM bench_chain WHERE tenant = 'bench' ORDER BY seq DESC LIMIT 1`,
          );
          const seq = Number(last.rows[0]?.seq ?? 0) + 1;
          const prev = last.rows[0]?.hash ?? '';
          const hash = createHash('sha256').update(`${prev}|${seq}|${id}`).digest('hex');
          await client.query(`INSERT INTO bench_chain VALUES ('bench', $1, $2, $3, $4)`, [seq, id, prev, hash]);
        }
        await client.query('COMMIT');
        return [{ service_request_id: id }];
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    };
    app.post('/insert', (request) => write(request.body as Body, false));
    app.post('/chained', (request) => write(request.body as Body, true));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const to = (path: string) => specs.map((spec) => ({ ...spec, path }));
    return { insert: await measureRequests(origin, to('/insert')), chained: await measureRequests(origin, to('/chained')) };
  } finally {
    await app.close();
    await pool.end();
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedEngine, openMemoryEngine, SOCKET_PORT } from './embedded-engine.js';

// The embedded engine's wire front, whatever TEST_DATABASE_URL says: these are
// the guarantees a PostgreSQL server gives and PGlite alone does not.
let engine: EmbeddedEngine;
let pool: pg.Pool;
const socketDir = mkdtempSync(join(tmpdir(), 'quietude-wire-'));
const connect = () => ({ host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });

beforeAll(async () => {
  engine = await openMemoryEngine(socketDir);
  pool = new pg.Pool({ ...connect(), max: 10 });
  await pool.query("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL CHECK (body <> ''))");
});
afterAll(async () => {
  await pool.end();
  await engine.close();
  rmSync(socketDir, { recursive: true, force: true });
});

describe('embedded engine wire protocol', () => {
  it('keeps concurrent parameterised queries of many connections apart', async () => {
    const values = Array.from({ length: 300 }, (_, i) => i);
    const answers = await Promise.all(values.map((i) => pool.query('SELECT $1::int AS n, $2::text AS s', [i, `v${i}`])));
    expect(answers.map((a) => [a.rows[0].n, a.rows[0].s])).toEqual(values.map((i) => [i, `v${i}`]));
  });

  it('recovers the connection after an error inside a transaction', async () => {
    for (let round = 0; round < 20; round++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await expect(client.query('INSERT INTO notes (body) VALUES ($1)', [''])).rejects.toThrow(/check constraint/);
        await client.query('ROLLBACK');
        const { rows } = await client.query('SELECT $1::int AS round', [round]);
        expect(rows[0].round).toBe(round);
      } finally {
        client.release();
      }
    }
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM notes');
    expect(rows[0].n).toBe(0);
  });

  it('recovers after an error in a single parameterised statement, with others running', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        pool.query('INSERT INTO notes (body) VALUES ($1) RETURNING id', [i % 5 === 0 ? '' : `n${i}`]),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM notes');
    expect(rows[0].n).toBe(40);
    await pool.query('DELETE FROM notes');
  });

  it('runs one transaction at a time: others wait for its end and see only committed rows', async () => {
    const a = await pool.connect();
    try {
      await a.query('BEGIN');
      await a.query('INSERT INTO notes (body) VALUES ($1)', ['pending']);
      let seen: number | undefined;
      const reading = pool.query('SELECT count(*)::int AS n FROM notes').then((r) => {
        seen = r.rows[0].n;
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toBeUndefined();
      await a.query('COMMIT');
      await reading;
      expect(seen).toBe(1);
    } finally {
      a.release();
      await pool.query('DELETE FROM notes');
    }
  });

  it('rolls back the transaction of a connection that goes away', async () => {
    const gone = new pg.Client(connect());
    await gone.connect();
    await gone.query('BEGIN');
    await gone.query('INSERT INTO notes (body) VALUES ($1)', ['never committed']);
    await gone.end();
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM notes');
    expect(rows[0].n).toBe(0);
  });
});

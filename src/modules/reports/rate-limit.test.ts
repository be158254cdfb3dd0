import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers/test-database.js';
import type { Database } from '../../db/database.js';
import { hitRateLimit, purgeRateLimitHits, rateLimitKey } from './rate-limit.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const secret = 'a-test-secret-of-at-least-32-characters';

describe('rate limit', () => {
  it('counts hits per key in fixed windows and refuses past the limit until the next window', async () => {
    const key = rateLimitKey(secret, 'test', 'token-1');
    const other = rateLimitKey(secret, 'test', 'token-2');
    const options = (iso: string) => ({ limit: 3, windowSeconds: 60, now: new Date(iso), purgeChance: 0 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(database.db, key, options('2026-11-28T22:00:10Z')));
    expect(results.map((r) => [r.hits, r.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(results[3]?.retryAfterSeconds).toBe(50);
    // Another key has its own counter; the next window starts afresh.
    expect(await hitRateLimit(database.db, other, options('2026-11-28T22:00:59Z'))).toMatchObject({ hits: 1, allowed: true });
    expect(await hitRateLimit(database.db, key, options('2026-11-28T22:01:00Z'))).toMatchObject({ hits: 1, allowed: true });
  });

  it('keeps concurrent hits exact (one upsert each)', async () => {
    const key = rateLimitKey(secret, 'test', 'concurrent');
    const now = new Date('2026-11-28T23:00:00Z');
    const all = await Promise.all(
      Array.from({ length: 20 }, () => hitRateLimit(database.db, key, { limit: 10, windowSeconds: 60, now, purgeChance: 0 })),
    );
    expect(all.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(all.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('stores a keyed hash, never the subject, and deletes windows older than a day', async () => {
    const key = rateLimitKey(secret, 'test', 'old-token');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toBe(rateLimitKey('another-secret-of-at-least-32-chars!!', 'test', 'old-token'));
    await hitRateLimit(database.db, key, { limit: 1, windowSeconds: 60, now: new Date('2026-11-01T10:00:00Z'), purgeChance: 0 });
    const stored = await database.db.selectFrom('rate_limit_hits').select('key_hash').execute();
    expect(JSON.stringify(stored)).not.toContain('old-token');
    // A hit with purgeChance 1 deletes what is older than a day before it.
    await hitRateLimit(database.db, rateLimitKey(secret, 'test', 'new'), {
      limit: 1,
      windowSeconds: 60,
      now: new Date('2026-11-29T00:00:00Z'),
      purgeChance: 1,
    });
    const left = await database.db.selectFrom('rate_limit_hits').select('window_start').execute();
    expect(left.every((r) => new Date(r.window_start) >= new Date('2026-11-28T00:00:00Z'))).toBe(true);
    expect(left.length).toBeGreaterThan(0);
    expect(await purgeRateLimitHits(database.db, new Date('2026-12-31T00:00:00Z'))).toBe(left.length);
  });
});

import { createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface RateLimitOptions {
  /** Hits allowed per window. */
  limit: number;
  /** Fixed windows of this length, aligned on the epoch (a minute: 60). */
  windowSeconds: number;
  now: Date;
  /** The chance that this hit also deletes rows older than a day (tests pass 1). */
  purgeChance?: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  hits: number;
  /** Seconds until the window ends: the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

/**
 * The stored key of what is limited: an HMAC under the instance's secret, so that the table never holds a client
 * address or a token id in the clear. `purpose` keeps the counters of two limiters apart ('open311', 'report-form').
 */
export function rateLimitKey(secret: string, purpose: string, subject: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${subject}`).digest('hex');
}

/**
 * Counts one hit of `keyHash` in the current fixed window, shared by every instance through `rate_limit_hits`:
 * one upsert returns the window's count. Over `limit` the hit is still counted (a client that keeps hammering stays
 * refused until the window ends). Now and then, rows older than a day are deleted.
 */
export async function hitRateLimit(db: Kysely<DB>, keyHash: string, options: RateLimitOptions): Promise<RateLimitResult> {
  const windowMs = options.windowSeconds * 1000;
  const start = Math.floor(options.now.getTime() / windowMs) * windowMs;
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key_hash: keyHash, window_start: new Date(start), hits: 1 })
    .onConflict((oc) => oc.columns(['key_hash', 'window_start']).doUpdateSet({ hits: sql`rate_limit_hits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  if (Math.random() < (options.purgeChance ?? 0.01)) await purgeRateLimitHits(db, options.now);
  return {
    allowed: row.hits <= options.limit,
    hits: row.hits,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - options.now.getTime()) / 1000)),
  };
}

/** Deletes the counters of windows that started more than a day before `now`. */
export async function purgeRateLimitHits(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_hits')
    .where('window_start', '<', new Date(now.getTime() - 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

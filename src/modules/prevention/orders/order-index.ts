import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { MultiPolygon } from 'geojson';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withTenant } from '../../../db/tenant-transaction.js';
import { listPublishedOrders, ordersStamp, type PublishedOrderRow, tenantOutline } from './order-queries.js';
import { appliesAt, type LocalMoment, localMoment, type OrderTimeRule } from './order-time.js';

/** A published order as the index keeps it: its row, its time rule and its perimeter parsed once. */
export interface IndexedOrder extends PublishedOrderRow {
  /** Position in the database's order (prefect first, most recent first): answers keep it. */
  rank: number;
  rule: OrderTimeRule;
  /** Null: the whole territory. */
  area: MultiPolygon | null;
}

interface TenantOrders {
  orders: IndexedOrder[];
  /** Bounding boxes of the orders with a perimeter (item i → `drawn[i]`). */
  tree: Flatbush | undefined;
  drawn: IndexedOrder[];
  /** Orders on the whole territory, and that territory's outline (null: none recorded, applies everywhere). */
  whole: IndexedOrder[];
  outline: MultiPolygon | null;
  stamp: string;
  /** Date.now() of the last comparison with the database's stamp. */
  checkedAt: number;
}

/** How long an instance trusts its copy before asking whether another instance changed the orders. */
export const ORDERS_RECHECK_MS = 5_000;

function boxOf(area: MultiPolygon): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const polygon of area.coordinates)
    for (const [x = 0, y = 0] of polygon[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return [minX, minY, maxX, maxY];
}

export const toIndexed = (row: PublishedOrderRow, rank = 0): IndexedOrder => ({
  ...row,
  rank,
  rule: {
    publishedOn: row.published_on,
    withdrawnOn: row.withdrawn_on,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    hoursStart: row.hours_start,
    hoursEnd: row.hours_end,
    days: row.days,
  },
  area: row.perimeter ? (JSON.parse(row.perimeter) as MultiPolygon) : null,
});

/** Builds a tenant's index from its published orders and outline. */
export function buildTenantOrders(rows: PublishedOrderRow[], outline: string | null, stamp: string): TenantOrders {
  const orders = rows.map((row, i) => toIndexed(row, i));
  const drawn = orders.filter((o) => o.area !== null);
  let tree: Flatbush | undefined;
  if (drawn.length) {
    tree = new Flatbush(drawn.length);
    for (const order of drawn) tree.add(...boxOf(order.area as MultiPolygon));
    tree.finish();
  }
  return {
    orders,
    tree,
    drawn,
    whole: orders.filter((o) => o.area === null),
    outline: outline ? (JSON.parse(outline) as MultiPolygon) : null,
    stamp,
    checkedAt: Date.now(),
  };
}

/**
 * « Is it prohibited here, now? » answered from memory: per tenant, its published orders with their
 * perimeters in a Flatbush index of bounding boxes, checked exactly with turf, and their time rules in
 * the tenant's wall clock. Loaded per tenant on first use; rebuilt after each of this instance's writes
 * (so the very next answer shows them); and, for writes made by another instance, rebuilt when the
 * database's stamp (count and last change of the tenant's orders) differs, compared at most every
 * ORDERS_RECHECK_MS.
 */
export class OrderIndex {
  private tenants = new Map<string, TenantOrders>();
  private loading = new Map<string, Promise<TenantOrders>>();

  constructor(
    private readonly db: Kysely<DB>,
    /** How long a copy is trusted before its stamp is compared (tests of several instances set 0). */
    private readonly recheckMs = ORDERS_RECHECK_MS,
  ) {}

  /** Loads every tenant running the prevention programme (at start; a tenant added later loads on first use). */
  async loadAll(): Promise<void> {
    const tenants = await this.db
      .selectFrom('tenants')
      .select('id')
      .where(sql<boolean>`'prevention' = ANY(programmes)`)
      .execute();
    for (const { id } of tenants) await this.refresh(id);
  }

  /** Reads a tenant's orders from the database and replaces its index. */
  async refresh(tenantId: string): Promise<void> {
    const built = await withTenant(this.db, tenantId, async (tx) =>
      buildTenantOrders(await listPublishedOrders(tx), await tenantOutline(tx), await ordersStamp(tx)),
    );
    this.tenants.set(tenantId, built);
  }

  /** The tenant's index, loaded if needed and checked against the database when the last check is old. */
  private async tenant(tenantId: string): Promise<TenantOrders> {
    const known = this.tenants.get(tenantId);
    if (known && Date.now() - known.checkedAt < this.recheckMs) return known;
    let pending = this.loading.get(tenantId);
    if (!pending) {
      pending = (async () => {
        if (known) {
          const stamp = await withTenant(this.db, tenantId, ordersStamp);
          if (stamp === known.stamp) {
            known.checkedAt = Date.now();
            return known;
          }
        }
        await this.refresh(tenantId);
        return this.tenants.get(tenantId) as TenantOrders;
      })().finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  /** The orders applying at (lat, lon) at `at`, prefectoral first, as stored order. */
  async applicable(tenantId: string, zone: string, lat: number, lon: number, at: Date): Promise<IndexedOrder[]> {
    const index = await this.tenant(tenantId);
    return applicableIn(index, localMoment(at, zone), lat, lon);
  }

  /** The orders in force at `at` anywhere in the territory (the public page's list). */
  async inForce(tenantId: string, zone: string, at: Date): Promise<IndexedOrder[]> {
    const index = await this.tenant(tenantId);
    const moment = localMoment(at, zone);
    return index.orders.filter((o) => inForceOn(o.rule, moment));
  }

  /** One published order of the tenant, if any. */
  async find(tenantId: string, id: string): Promise<IndexedOrder | undefined> {
    return (await this.tenant(tenantId)).orders.find((o) => o.id === id);
  }

  /** The tenant's outline as last loaded (null: none recorded), for the public page's sketches. */
  outline(tenantId: string): MultiPolygon | null {
    return this.tenants.get(tenantId)?.outline ?? null;
  }

  size(tenantId: string): number {
    return this.tenants.get(tenantId)?.orders.length ?? 0;
  }
}

/** In force on that day (published, valid, not withdrawn), whatever the hour. */
function inForceOn(rule: OrderTimeRule, moment: LocalMoment): boolean {
  return appliesAt({ ...rule, hoursStart: null, hoursEnd: null, days: [true, true, true, true, true, true, true] }, moment);
}

function applicableIn(index: TenantOrders, moment: LocalMoment, lat: number, lon: number): IndexedOrder[] {
  const found: IndexedOrder[] = [];
  const point: [number, number] = [lon, lat];
  const timely = index.whole.filter((o) => appliesAt(o.rule, moment));
  if (timely.length && (index.outline === null || booleanPointInPolygon(point, index.outline))) found.push(...timely);
  if (index.tree) {
    for (const i of index.tree.search(lon, lat, lon, lat)) {
      const order = index.drawn[i] as IndexedOrder;
      if (appliesAt(order.rule, moment) && booleanPointInPolygon(point, order.area as MultiPolygon)) found.push(order);
    }
  }
  // The database's order, whatever the tree returned.
  return found.sort((a, b) => a.rank - b.rank);
}

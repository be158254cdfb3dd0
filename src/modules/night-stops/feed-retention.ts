import type { RetentionRule } from '../../platform/modules/module-definition.js';

/**
 * Feed versions no longer in use — retired by a newer import, refused, or left 'loading' by an import that
 * never finished — are deleted with their rows once older than the delay. The active version is never
 * touched; the recent retired one stays a while so a bad import can be compared with what it replaced.
 */
export const retiredFeedsRule: RetentionRule = {
  id: 'night-stops-retired-feeds',
  label: {
    fr: 'Versions du réseau GTFS qui ne sont plus en service (remplacées, refusées ou interrompues)',
    en: 'GTFS feed versions no longer in use (replaced, refused or interrupted)',
  },
  defaultDays: 30,
  // An import takes minutes: a version still 'loading' after a day was interrupted.
  minDays: 1,
  maxDays: 365,
  async purge(tx, tenantId, before) {
    const result = await tx
      .deleteFrom('gtfs_feeds')
      .where('tenant_id', '=', tenantId)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'retired'), eb(eb.fn.coalesce('retired_at', 'imported_at'), '<', before)]),
          eb.and([eb('status', 'in', ['failed', 'loading']), eb('imported_at', '<', before)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../../db/tenant-transaction.js';
import type { AppDeps } from '../../../platform/deps.js';
import { collectionsByMonthAndTerritory } from './collection-queries.js';
import { lastMonths } from './collections-page.js';
import { localMoment } from './order-time.js';

const access = { config: { permission: 'prevention.collections' }, schema: { hide: true } } as const;

/**
 * The collections page's table as CSV, for the same people (`prevention.collections`): cartridges and weight by
 * month and territory over the same twelve months. Counts of objects, not of people: exact figures, as on the page.
 * The reports beside them are not in the file (the page shows those through the small-number helper).
 */
export function registerCollectionsCsv(app: FastifyInstance, deps: AppDeps) {
  app.get('/t/:slug/espace/collectes.csv', access, async (request, reply) => {
    const tenant = request.tenant!;
    const months = lastMonths(localMoment(deps.clock.now(), tenant.time_zone).date);
    const cells = await withTenant(deps.database.db, tenant.id, (tx) => collectionsByMonthAndTerritory(tx, `${months[0]}-01`));
    const csv = stringify(
      cells.map((c) => [c.month, c.territory ?? '', c.cartridges, c.weightKg]),
      { delimiter: ';', header: true, columns: ['mois', 'territoire', 'cartouches', 'poids_kg'] },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="collectes-${months[0]}-${months.at(-1)}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(csv);
  });
}

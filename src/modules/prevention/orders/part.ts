import type { ModulePart } from '../../../platform/modules/module-definition.js';
import { registerApplicableRoute } from './applicable-routes.js';
import { registerCollectionsCsv } from './collections-csv.js';
import { registerCollectionPages } from './collections-page.js';
import { OrderIndex } from './order-index.js';
import { registerPublicOrdersPage } from './public-page.js';
import { registerStaffOrderPages } from './staff-pages.js';

/** What the orders part brings to the prevention module: its register entries, purge rules and routes. */
export const ordersPart: ModulePart = {
  // Orders and collections hold no personal data (an order names its signatory's office, not a person's
  // data; a collection counts cartridges); the public question « is it prohibited here? » is not stored.
  processing: [],
  retention: [],
  dataSubjects: [],
  register(app, deps) {
    const index = new OrderIndex(deps.database.db);
    // As safe-places does: loaded when the app is ready; if the database is not there yet, the first question loads it.
    app.addHook('onReady', async () => {
      await index.loadAll().catch((error) => app.log.warn({ err: error }, 'prevention orders index not loaded yet'));
    });
    registerApplicableRoute(app, deps, index);
    registerPublicOrdersPage(app, deps, index);
    registerStaffOrderPages(app, deps, index);
    registerCollectionPages(app, deps);
    registerCollectionsCsv(app, deps);
    app.decorate('preventionOrders', index);
  },
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The « prohibited here, now? » index (tests and the part's own writes refresh it). */
    preventionOrders: OrderIndex;
  }
}

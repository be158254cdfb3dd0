import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { actAsTenant } from '../../src/db/tenant-transaction.js';
import { DEMO_REPORT_DESCRIPTION } from '../../src/modules/reports/seed-demo-reports.js';
import { seedDemo } from '../../src/platform/demo/seed-demo.js';

/**
 * The demo tenants without their sample reports: for tests that count the reports they make. (The demo's
 * categories, organisations, accounts and places stay.)
 */
export async function seedDemoWithoutReports(db: Kysely<DB>): Promise<void> {
  await seedDemo(db, 'development');
  const tenants = await db.selectFrom('tenants').select('id').execute();
  for (const tenant of tenants) {
    await db.transaction().execute(async (tx) => {
      await actAsTenant(tx, tenant.id, { operation: 'test.clear-demo-reports' });
      await tx.deleteFrom('reports').where('description', '=', DEMO_REPORT_DESCRIPTION).execute();
    });
  }
}

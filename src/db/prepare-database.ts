import type { Config } from '../config.js';
import { seedDemo } from '../platform/demo/seed-demo.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

/**
 * What every start does before serving: apply migrations, and on an empty
 * database outside production load the demo data. Safe when several instances
 * start at once (migrations under an advisory lock, demo tenants by unique slug).
 */
export async function prepareDatabase(
  database: Database,
  env: Config['env'],
): Promise<{ migrations: number; demoTenants: number }> {
  const applied = await migrate(database.pool);
  let demoTenants = 0;
  if (env !== 'production') {
    const any = await database.db.selectFrom('tenants').select('id').limit(1).execute();
    if (any.length === 0) demoTenants = await seedDemo(database.db, env);
  }
  return { migrations: applied.length, demoTenants };
}

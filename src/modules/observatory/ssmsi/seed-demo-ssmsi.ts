import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Clock } from '../../../platform/clock/clock.js';
import { demoCommunalCsv, demoDepartmentalCsv } from './demo-ssmsi.js';
import { importSsmsi } from './import-ssmsi.js';
import { textSource } from './ssmsi-source.js';

/**
 * Loads the demo's SSMSI files (current format, 2016–2025) through the importer, only while no edition is in
 * service: real national data imported on a demo instance is never replaced by invented figures.
 */
export async function seedDemoSsmsi(db: Kysely<DB>, clock: Clock): Promise<number> {
  const active = await db.selectFrom('ssmsi_editions').select('id').where('status', '=', 'active').executeTakeFirst();
  if (active) return 0;
  const departmental = await importSsmsi(db, textSource('demo-ssmsi-departemental.csv', demoDepartmentalCsv('current')), {
    now: clock.now(),
  });
  const communal = await importSsmsi(db, textSource('demo-ssmsi-communal.csv', demoCommunalCsv('current')), { now: clock.now() });
  return departmental.rowsImported + communal.rowsImported;
}

import { systemActor } from '../access/actor.js';
import { defineJob } from '../jobs/job.js';
import { listTenants } from '../tenants/tenant-queries.js';
import { applyRetention } from './apply-retention.js';

/** Every night, each tenant's purge rules; then the platform's own expired records. */
export const retentionJob = defineJob({
  name: 'apply-retention',
  description: 'Deletes what each tenant keeps beyond its retention delays, and expired sessions and links',
  everyMinutes: 24 * 60,
  async run({ database, clock }) {
    const { db } = database;
    let total = 0;
    for (const tenant of await listTenants(db)) {
      const purged = await applyRetention({ db, clock, actor: systemActor('retention'), tenant }, undefined);
      total += Object.values(purged).reduce((a, b) => a + b, 0);
    }
    const now = clock.now();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
    const links = await db
      .deleteFrom('password_links')
      .where((eb) => eb.or([eb('expires_at', '<', now), eb('used_at', 'is not', null)]))
      .executeTakeFirst();
    const events = await db.deleteFrom('security_events').where('at', '<', yearAgo).executeTakeFirst();
    return `${total} tenant records, ${Number(sessions.numDeletedRows)} sessions, ${Number(links.numDeletedRows)} password links, ${Number(events.numDeletedRows)} sign-in events deleted`;
  },
});

import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../../../test/helpers/factories.js';
import { createStaff } from '../../../../test/helpers/staff.js';
import { type TestApp, withTestApp } from '../../../../test/helpers/test-app.js';
import type { Database } from '../../../db/database.js';
import { ManualClock } from '../../../platform/clock/clock.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createMailer } from '../../../platform/mail/mailer.js';
import { findTenantBySlug, type Tenant } from '../../../platform/tenants/tenant-queries.js';
import { changeTaskState } from './change-task-state.js';
import { createTask } from './create-task.js';
import { councilRemindersJob } from './reminders-job.js';

let database: Database;
let t: TestApp;
withTestApp((opened) => ({ database, t } = opened), { demo: true, now: '2027-03-05T10:00:00Z' });

describe('coordination reminders', () => {
  const received: { to: string[]; subject?: string; text?: string }[] = [];
  let server: SMTPServer;
  let port: number;
  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject, text: mail.text });
            callback();
          },
          (error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('mails a task’s owner once when due within 3 days or overdue, and the coordinators once per funder report due within 30 days', async () => {
    const tenant = (await findTenantBySlug(database.db, 'vandoeuvre-les-nancy')) as Tenant;
    const owner = await createStaff(database.db, tenant, 'educator');
    const ctx = systemContext(database.db, tenant);
    await createTask(ctx, { title: 'Envoyer le bilan des séances', ownerUserId: owner.userId, dueOn: '2027-03-07' });
    await createTask(ctx, { title: 'Relancer le collège', ownerUserId: owner.userId, dueOn: '2027-03-01' });
    await createTask(ctx, { title: 'Préparer la plénière de juin', ownerUserId: owner.userId, dueOn: '2027-05-20' });
    const done = await createTask(ctx, { title: 'Tâche déjà faite', ownerUserId: owner.userId, dueOn: '2027-03-06' });
    await changeTaskState(ctx, { taskId: done.id, state: 'done' });

    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'clspd@ville.test' }, createLogger('silent'));
    // 5 March 2027: the demo's « Bilan d'exécution 2026 » is due on 31 March.
    const deps = { database, clock: new ManualClock(new Date('2027-03-05T06:00:00Z')), mailer, config: t.deps.config };
    const summary = await councilRemindersJob.run(deps);
    expect(summary).toMatch(/^\d+ coordination reminders sent$/);
    const toOwner = received.filter((m) => m.to.includes(owner.email));
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]?.text).toContain('Envoyer le bilan des séances : échéance le 2027-03-07');
    expect(toOwner[0]?.text).toContain('Relancer le collège : échéance le 2027-03-01 (en retard)');
    expect(toOwner[0]?.text).not.toContain('plénière de juin');
    expect(toOwner[0]?.text).not.toContain('déjà faite');
    const coordinator = 'coordinator.vandoeuvre-les-nancy@demo.invalid';
    const toCoordinator = received.filter((m) => m.to.includes(coordinator));
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]?.text).toContain(
      'Bilan d’exécution 2026 (FIPD — Fonds interministériel de prévention de la délinquance, 2026) : à remettre le 2027-03-31',
    );
    expect(toCoordinator[0]?.text).not.toContain('Bilan d’exécution 2025');

    // The next day: nothing new to recall, nothing sent again.
    const count = received.length;
    await councilRemindersJob.run({ ...deps, clock: new ManualClock(new Date('2027-03-06T06:00:00Z')) });
    expect(received.filter((m) => m.to.includes(owner.email) || m.to.includes(coordinator))).toHaveLength(2);
    expect(received.length).toBe(count);
  });
});

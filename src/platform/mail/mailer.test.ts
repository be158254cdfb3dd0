import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturedLogs } from '../../../test/helpers/test-app.js';
import { createLogger } from '../logging/logger.js';
import { createMailer } from './mailer.js';
import { invitationMail } from './templates.js';

// A real SMTP server on loopback: what nodemailer sends is what a mail server receives.
const received: { from?: string; to: string[]; subject?: string; text?: string }[] = [];
let server: SMTPServer;
let port: number;
beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            from: mail.from?.text,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject,
            text: mail.text,
          });
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

describe('mail', () => {
  it('delivers an invitation in French through SMTP', async () => {
    const mailer = createMailer(
      { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Ville de Test <securite@ville.test>' },
      createLogger('silent'),
    );
    await mailer.send(
      invitationMail('fr', 'agent@ville.test', 'Besançon', 'Médiateur·rice', 'http://localhost/invitation?t=besancon&jeton=abc'),
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      from: '"Ville de Test" <securite@ville.test>',
      to: ['agent@ville.test'],
      subject: 'Invitation à Quiétude — Besançon',
    });
    expect(received[0]?.text).toContain('http://localhost/invitation?t=besancon&jeton=abc');
    expect(received[0]?.text).toContain('dans les 7 jours');
  });

  it('says the server refused, without losing the reason in the log', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'x@ville.test' }, createLogger('silent'));
    await expect(mailer.send({ to: 'a@ville.test', subject: 's', text: 't' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('without SMTP, writes to the log with recipient and content redacted', async () => {
    const logs = new CapturedLogs();
    const mailer = createMailer({ from: 'x@ville.test' }, createLogger('info', logs));
    expect(mailer.delivers).toBe(false);
    await mailer.send(
      invitationMail('en', 'secret.person@ville.test', 'Lyon', 'Mediator', 'http://localhost/invitation?jeton=SECRET'),
    );
    expect(logs.text).toContain('mail not sent');
    expect(logs.text).not.toContain('secret.person');
    expect(logs.text).not.toContain('SECRET');
  });
});

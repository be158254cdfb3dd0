import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { AppError } from '../errors.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when mails really leave (SMTP configured). */
  delivers: boolean;
  send(mail: Mail): Promise<void>;
}

/**
 * SMTP when configured; otherwise mails go to the log with their content
 * redacted (the start says so), since a link in a log would be a credential.
 */
export function createMailer(config: Config['mail'], logger: Logger): Mailer {
  if (!config.smtpUrl) {
    return {
      delivers: false,
      async send(mail) {
        logger.warn({ subject: mail.subject }, 'mail not sent (no SMTP_URL): recipient and content redacted');
      },
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    delivers: true,
    async send(mail) {
      try {
        await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (error) {
        logger.error({ err: error, subject: mail.subject }, 'mail could not be sent');
        throw new AppError('unavailable', 'The mail server did not accept the message; try again later.');
      }
    },
  };
}

import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

export class MailNotSentError extends Error {
  constructor(readonly recipient: string) {
    super(
      `The email to ${recipient} could not be sent. Check the address, or ask the operator to check the mail server settings.`,
    );
    this.name = 'MailNotSentError';
  }
}

/**
 * Sends mail over SMTP_URL. Without it, a trial installation still works: the message is written to the server
 * log, clearly marked as not sent (SPEC §3).
 */
export class MailService {
  private readonly transport: Transporter | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly logger: Logger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  }

  async send(mail: Mail): Promise<void> {
    if (!this.transport) {
      this.logger.warn(
        { mail },
        'MAIL NOT SENT (no SMTP_URL configured): the message below was only written to this log',
      );
      return;
    }
    try {
      await this.transport.sendMail(mail);
    } catch (error) {
      this.logger.error({ err: error, to: mail.to }, 'sending mail failed');
      throw new MailNotSentError(mail.to);
    }
  }

  close(): void {
    this.transport?.close();
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../application/notifier-config';
import type { AttemptOutcome } from '../domain';
import { messageIdDomain } from './mail-rendering';

/** A mail to send. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** `<id@domain>`: the same on every resend of the same thing (notificationMessageId). */
  readonly messageId: string;
  readonly headers?: Readonly<Record<string, string>>;
}

// What nodemailer's errors carry: an SMTP reply's code and text, or a code of its own.
interface MailError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

type Transport = ReturnType<typeof createTransport>;

/**
 * The mail server, over SMTP (SMTP_URL; nodemailer, a pool of connections). Without SMTP_URL the
 * e-mail channel is inactive: nothing is sent, and e-mail deliveries stay pending until the
 * notifier runs with a mail server. An attempt ends as the domain counts it: `sent` when the
 * server accepted the message, `email-rejected` with the server's reply when it refused it (an
 * SMTP 4xx or 5xx reply), `timeout` when the server did not answer in the attempt timeout,
 * `network-error` when it could not be reached. The pool is closed on shutdown.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger('MailSender');
  private readonly transport?: Transport;
  private readonly timeoutMs: number;
  /** The domain of Message-IDs: the From address's. */
  readonly messageIdDomain: string;

  constructor(@Inject(NOTIFIER_CONFIG) config: NotifierConfig) {
    const { smtpUrl, from } = config.email;
    this.timeoutMs = config.delivery.schedule.timeoutMs;
    this.messageIdDomain = messageIdDomain(from);
    if (!smtpUrl) {
      this.logger.warn(
        'SMTP_URL is not set: e-mail subscriptions are not delivered (their deliveries stay pending until the notifier runs with a mail server)',
      );
      return;
    }
    this.transport = createTransport(
      {
        pool: true,
        url: smtpUrl,
        maxConnections: Math.min(config.delivery.concurrency, 8),
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      },
      { from },
    );
  }

  /** Whether e-mail is sent at all (SMTP_URL set). */
  get active(): boolean {
    return this.transport !== undefined;
  }

  /** Sends one mail; never throws: how it went is the outcome. */
  async send(mail: OutgoingMail): Promise<AttemptOutcome> {
    if (!this.transport) return { kind: 'network-error', error: 'no mail server configured' };
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      await this.transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
        signal,
      });
      return { kind: 'sent' };
    } catch (caught) {
      return outcomeOf(caught as MailError, signal.aborted);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.transport?.close();
  }
}

/** How a failed send counts: refused by the server, timed out, or the server not reached. */
export function outcomeOf(error: MailError, timedOut = false): AttemptOutcome {
  if (typeof error.responseCode === 'number' && error.responseCode >= 400)
    return { kind: 'email-rejected', error: excerpt(error.response || error.message) };
  if (timedOut || error.code === 'ETIMEDOUT') return { kind: 'timeout' };
  return {
    kind: 'network-error',
    error: excerpt([error.code, error.message].filter(Boolean).join(': ')),
  };
}

function excerpt(text: string | undefined): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line || 'refused';
}

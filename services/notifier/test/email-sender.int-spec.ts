import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { STANDARD_WEBHOOKS_SCHEDULE } from '../src/domain';
import type { NotifierConfig } from '../src/application/notifier-config';
import { MailSender } from '../src/email/mail-sender';

// MailSender against real sockets on loopback: what each way a send can end counts as.

const config = (smtpUrl: string | undefined, timeoutMs = 15_000) =>
  ({
    email: {
      ...(smtpUrl ? { smtpUrl } : {}),
      from: 'ZoneLedger <notify@zoneledger.test>',
      digestAt: { hour: 0, minute: 0 },
      digestIntervalMs: 86_400_000,
    },
    delivery: {
      schedule: { ...STANDARD_WEBHOOKS_SCHEDULE, timeoutMs },
      concurrency: 4,
      disableAfterMs: 1,
      leaseMs: 30_000,
      pollMs: 1000,
    },
  }) as unknown as NotifierConfig;

const mail = {
  to: 'analyst@example.org',
  subject: '[ZoneLedger] ZoneRegistered — 苏州工业园区 (zone-sip)',
  text: 'Zone: zone-sip — 苏州工业园区',
  messageId: '<notification.sub.evt@zoneledger.test>',
  headers: { 'X-ZoneLedger-Notification-Id': 'sub:evt' },
};

const listening = async (server: Server | SMTPServer): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = (server instanceof SMTPServer ? server.server : server).address();
  return (address as AddressInfo).port;
};

describe('MailSender', () => {
  const senders: MailSender[] = [];
  const sender = (smtpUrl: string | undefined, timeoutMs?: number) => {
    const created = new MailSender(config(smtpUrl, timeoutMs));
    senders.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((created) => created.onApplicationShutdown()));
  });

  it('is inactive without SMTP_URL, and sends nothing', async () => {
    const idle = sender(undefined);
    expect(idle.active).toBe(false);
    expect(await idle.send(mail)).toMatchObject({ kind: 'network-error' });
  });

  it('counts an accepted mail as sent and a 5xx reply as rejected, with the reply', async () => {
    const accepted: string[] = [];
    let refuse = true;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (refuse) {
            refuse = false;
            callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
            return;
          }
          accepted.push(Buffer.concat(chunks).toString('utf8'));
          callback(null, 'queued');
        });
      },
    });
    const port = await listening(server);
    const smtp = sender(`smtp://127.0.0.1:${port}`);
    try {
      expect(smtp.active).toBe(true);
      const refused = await smtp.send(mail);
      expect(refused).toMatchObject({ kind: 'email-rejected' });
      expect((refused as { error: string }).error).toMatch(/^550 .*Mailbox unavailable/);
      expect(await smtp.send(mail)).toEqual({ kind: 'sent' });
      expect(accepted).toHaveLength(1);
      expect(accepted[0]).toContain('Message-ID: <notification.sub.evt@zoneledger.test>');
      expect(accepted[0]).toMatch(/^X-ZoneLedger-Notification-Id: sub:evt\r$/im);
      expect(accepted[0]).toContain('Auto-Submitted: auto-generated');
      expect(accepted[0]).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    } finally {
      await smtp.onApplicationShutdown();
      await closeMailServer(server);
    }
  });

  it('counts a server that cannot be reached as a network error', async () => {
    // A port just released: nothing listens on it.
    const probe = createServer();
    const port = await listening(probe);
    await new Promise((resolve) => probe.close(resolve));
    const outcome = await sender(`smtp://127.0.0.1:${port}`).send(mail);
    expect(outcome).toMatchObject({ kind: 'network-error' });
    expect((outcome as { error: string }).error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
  });

  it('counts a server that never answers as a timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await listening(silent);
    try {
      const started = Date.now();
      expect(await sender(`smtp://127.0.0.1:${port}`, 300).send(mail)).toEqual({ kind: 'timeout' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

function closeMailServer(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

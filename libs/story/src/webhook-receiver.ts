import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { ReceivedNotification } from './steps/answers';

/** Where the receiver listens and keeps what it got. */
export interface WebhookReceiverOptions {
  readonly port: number;
  readonly host?: string;
  /** Holds `secret` (written by the story) and `notifications.jsonl` (appended, kept across restarts). */
  readonly dataDir: string;
}

/** A running receiver. */
export interface WebhookReceiver {
  readonly baseUrl: string;
  /** Where the notifier posts: `<baseUrl>/webhooks/zoneledger`. */
  readonly webhookUrl: string;
  readonly secretFile: string;
  close(): Promise<void>;
}

const WEBHOOK_PATH = '/webhooks/zoneledger';
const BODY_LIMIT_BYTES = 1024 * 1024;

/** The secret file and the notifications file in a receiver's data folder. */
export function receiverFiles(dataDir: string): { secretFile: string; notificationsFile: string } {
  return {
    secretFile: join(dataDir, 'secret'),
    notificationsFile: join(dataDir, 'notifications.jsonl'),
  };
}

/**
 * What a verified delivery's body says, as the receiver keeps it: the CloudEvent's type, subject
 * and subscription, and the whole event.
 */
export function receivedNotification(
  webhookId: string,
  body: string,
  receivedAt: Date,
): ReceivedNotification {
  const event = JSON.parse(body) as Record<string, unknown>;
  return {
    webhookId,
    receivedAt: receivedAt.toISOString(),
    type: String(event.type ?? ''),
    ...(typeof event.subject === 'string' ? { subject: event.subject } : {}),
    ...(typeof event.subscriptionid === 'string' ? { subscriptionId: event.subscriptionid } : {}),
    event,
  };
}

/**
 * A local receiver of the notifier's webhooks: verifies each delivery's Standard Webhooks
 * signature with the secret in `<dataDir>/secret` (read on every delivery, so a new secret needs
 * no restart), keeps each verified notification once (by webhook-id) in
 * `<dataDir>/notifications.jsonl`, and serves them at GET /notifications. A delivery it cannot
 * verify is answered 401 (the notifier retries it) and counted, not kept.
 */
export async function startWebhookReceiver(
  options: WebhookReceiverOptions,
): Promise<WebhookReceiver> {
  mkdirSync(options.dataDir, { recursive: true });
  const { secretFile, notificationsFile } = receiverFiles(options.dataDir);
  const kept: ReceivedNotification[] = existsSync(notificationsFile)
    ? readFileSync(notificationsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ReceivedNotification)
    : [];
  const seen = new Set(kept.map((item) => item.webhookId));
  let refused = 0;

  const receive = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await bodyOf(request);
    if (body === undefined) return answer(response, 413, { error: 'body too large' });
    const secret = existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : '';
    if (!secret) return answer(response, 503, { error: `no signing secret in ${secretFile} yet` });
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
        name,
        String(request.headers[name] ?? ''),
      ]),
    );
    try {
      new Webhook(secret).verify(body, headers);
    } catch (error) {
      refused += 1;
      return answer(response, 401, { error: `not verified: ${(error as Error).message}` });
    }
    const webhookId = headers['webhook-id'];
    if (!seen.has(webhookId)) {
      const notification = receivedNotification(webhookId, body, new Date());
      appendFileSync(notificationsFile, `${JSON.stringify(notification)}\n`);
      kept.push(notification);
      seen.add(webhookId);
    }
    response.writeHead(204).end();
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    if (request.method === 'POST' && url.pathname === WEBHOOK_PATH)
      return void receive(request, response).catch((error: Error) =>
        answer(response, 400, { error: error.message }),
      );
    if (request.method === 'GET' && url.pathname === '/notifications') {
      const byType: Record<string, number> = {};
      for (const item of kept) byType[item.type] = (byType[item.type] ?? 0) + 1;
      return answer(response, 200, { received: kept.length, refused, byType, items: kept });
    }
    if (request.method === 'GET' && url.pathname === '/health')
      return answer(response, 200, { status: 'ok' });
    answer(response, 404, { error: `${request.method} ${url.pathname}: try GET /notifications` });
  });
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    baseUrl,
    webhookUrl: `${baseUrl}${WEBHOOK_PATH}`,
    secretFile,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify(body, null, 2));
}

// The body as text, or undefined beyond the limit.
async function bodyOf(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > BODY_LIMIT_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

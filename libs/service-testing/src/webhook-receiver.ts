import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** One request the receiver took: its body parsed, and whether it verified. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly at: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Loose;
  /** Whether it verified (signature, id and timestamp) with each secret the path was given, in order. */
  readonly verified: boolean[];
}

/** What the receiver answers to the n-th request (0 first) at a path. */
export type WebhookAnswer = (
  n: number,
  request: ReceivedWebhook,
) => {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** No answer at all: the sender's time limit ends the attempt (and the connection). */
  silent?: boolean;
};

const NO_CONTENT: WebhookAnswer = () => ({ status: 204 });

/**
 * A webhook receiver on 127.0.0.1: answers per path (204 unless told otherwise), and verifies
 * every request with the `standardwebhooks` library against each secret given for its path.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers = new Map<string, WebhookAnswer>();
  private readonly secrets = new Map<string, string[]>();
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = request.headers;
        const verified = (this.secrets.get(path) ?? []).map((secret) => {
          try {
            new Webhook(secret).verify(text, headers as Record<string, string>);
            return true;
          } catch {
            return false;
          }
        });
        const n = this.at(path).length;
        const received = {
          path,
          at: Date.now(),
          headers,
          body: JSON.parse(text) as Loose,
          verified,
        };
        this.received.push(received);
        const answer = (this.answers.get(path) ?? NO_CONTENT)(n, received);
        const reply = () =>
          response.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
        if (!answer.silent) reply();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** A fresh path answering `answer`, verified with `secrets` once known (verifyWith). */
  path(answer?: WebhookAnswer): string {
    const path = `/hook-${randomUUID().slice(0, 8)}`;
    if (answer) this.answers.set(path, answer);
    return path;
  }

  /** The URL of a path. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  verifyWith(path: string, ...secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

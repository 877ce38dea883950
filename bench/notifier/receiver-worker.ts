import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { Webhook } from 'standardwebhooks';

// The webhook receiver of the notifier benchmark, in a thread of its own (as a receiver would be
// on a machine of its own): answers 204 to every POST, verifies one signature in `verifyEvery`
// with the standardwebhooks library, and records each delivery's arrival (epoch ms), the
// CloudEvent `time` of its body and its webhook-id. While the gate is closed it holds the
// requests it gets and answers them when the gate opens. Commands arrive as messages
// (receiver.ts).

interface Settings {
  readonly verifyEvery: number;
}

type Command =
  | { type: 'secrets'; secrets: Record<string, string> }
  | { type: 'gate'; open: boolean }
  | { type: 'stats'; prefix: string }
  | { type: 'count'; prefix: string }
  | { type: 'reset' }
  | { type: 'close' };

const { verifyEvery } = workerData as Settings;
const port = parentPort;
if (!port) throw new Error('the receiver runs as a worker thread');

const webhooks = new Map<string, Webhook>();
let gateOpen = true;
let gateOpenedAt: number | undefined;
let held: ServerResponse[] = [];
let received = 0;
let verified = 0;
const failures: string[] = [];
const arrivals: number[] = [];
const answered: number[] = [];
const eventTimes: number[] = [];
const paths: string[] = [];
const ids = new Set<string>();
let duplicates = 0;

function answer(response: ServerResponse): void {
  response.writeHead(204).end();
  answered.push(Date.now());
}

function receive(request: IncomingMessage, response: ServerResponse, body: string): void {
  const arrivedAt = Date.now();
  const path = request.url ?? '';
  received += 1;
  const id = String(request.headers['webhook-id'] ?? '');
  if (ids.has(id)) duplicates += 1;
  ids.add(id);
  let time = Number.NaN;
  try {
    time = Date.parse((JSON.parse(body) as { time?: string }).time ?? '');
  } catch {
    failures.push(`${path}: a body that is not JSON`);
  }
  if (received % verifyEvery === 0) {
    const webhook = webhooks.get(path);
    try {
      if (!webhook) throw new Error('no secret for this path');
      webhook.verify(body, request.headers as Record<string, string>);
      verified += 1;
    } catch (error) {
      failures.push(`${path}: ${(error as Error).message}`);
    }
  }
  arrivals.push(arrivedAt);
  eventTimes.push(time);
  paths.push(path);
  if (gateOpen) answer(response);
  else held.push(response);
}

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(405).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => receive(request, response, Buffer.concat(chunks).toString('utf8')));
});
server.keepAliveTimeout = 60_000;

function stats(prefix: string) {
  const chosen = paths.flatMap((path, i) => (path.startsWith(prefix) ? [i] : []));
  return {
    received: chosen.length,
    receivedAll: received,
    verified,
    verifyFailures: failures.slice(0, 10),
    verifyFailureCount: failures.length,
    duplicates,
    arrivals: chosen.map((i) => arrivals[i]),
    eventTimes: chosen.map((i) => eventTimes[i]),
    answered: [...answered],
    gateOpenedAt,
    held: held.length,
  };
}

port.on('message', (command: Command) => {
  switch (command.type) {
    case 'secrets':
      for (const [path, secret] of Object.entries(command.secrets))
        webhooks.set(path, new Webhook(secret));
      port.postMessage({ type: 'ok' });
      break;
    case 'gate':
      gateOpen = command.open;
      if (command.open) {
        gateOpenedAt = Date.now();
        const waiting = held;
        held = [];
        for (const response of waiting) answer(response);
      }
      port.postMessage({ type: 'ok' });
      break;
    case 'stats':
      port.postMessage({ type: 'stats', stats: stats(command.prefix) });
      break;
    case 'count':
      port.postMessage({
        type: 'count',
        count: paths.reduce((n, path) => (path.startsWith(command.prefix) ? n + 1 : n), 0),
      });
      break;
    case 'reset':
      received = 0;
      verified = 0;
      duplicates = 0;
      failures.length = 0;
      arrivals.length = 0;
      answered.length = 0;
      eventTimes.length = 0;
      paths.length = 0;
      ids.clear();
      gateOpenedAt = undefined;
      port.postMessage({ type: 'ok' });
      break;
    case 'close':
      for (const response of held) response.writeHead(503).end();
      held = [];
      server.closeAllConnections();
      server.close(() => port.postMessage({ type: 'ok' }));
      break;
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  port.postMessage({ type: 'listening', port: typeof address === 'object' ? address?.port : 0 });
});

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the receiver saw of the deliveries to paths under a prefix. */
export interface ReceiverStats {
  /** Deliveries to paths under the prefix. */
  readonly received: number;
  /** Deliveries to any path since the last reset. */
  readonly receivedAll: number;
  readonly verified: number;
  readonly verifyFailures: string[];
  readonly verifyFailureCount: number;
  /** Deliveries whose webhook-id had arrived before. */
  readonly duplicates: number;
  /** Epoch ms of each delivery's arrival, in arrival order. */
  readonly arrivals: number[];
  /** Epoch ms of each delivery's CloudEvent `time` (NaN if unreadable), same order. */
  readonly eventTimes: number[];
  /** Epoch ms of each answer (any path). */
  readonly answered: number[];
  /** When the gate last opened. */
  readonly gateOpenedAt?: number;
  /** Requests held now. */
  readonly held: number;
}

/** The benchmark's webhook receiver (receiver-worker.ts), running in a worker thread. */
export interface Receiver {
  readonly baseUrl: string;
  /** The signing secret of each path, for the receiver's verification. */
  secrets(secrets: Record<string, string>): Promise<void>;
  /** Closes the gate (requests are held) or opens it (held requests are answered). */
  gate(open: boolean): Promise<void>;
  stats(prefix?: string): Promise<ReceiverStats>;
  /** Deliveries to paths under the prefix since the last reset. */
  count(prefix?: string): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the receiver thread on a port of 127.0.0.1. */
export async function startReceiver(settings: { verifyEvery: number }): Promise<Receiver> {
  const worker = new Worker(join(__dirname, 'receiver-worker.ts'), {
    workerData: settings,
    execArgv: ['--require', 'ts-node/register/transpile-only'],
  });
  type Reply = { type: string; port?: number; stats?: ReceiverStats; count?: number };
  const replies: ((message: Reply) => void)[] = [];
  const listening = new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    replies.push((message) => resolve(message.port as number));
  });
  worker.on('message', (message: { type: string }) => replies.shift()?.(message));
  const ask = <T>(command: object, read: (message: Reply) => T) =>
    new Promise<T>((resolve) => {
      replies.push((message) => resolve(read(message)));
      worker.postMessage(command);
    });
  const port = await listening;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    secrets: (secrets) => ask({ type: 'secrets', secrets }, () => undefined),
    gate: (open) => ask({ type: 'gate', open }, () => undefined),
    stats: (prefix = '/') =>
      ask({ type: 'stats', prefix }, (message) => message.stats as ReceiverStats),
    count: (prefix = '/') => ask({ type: 'count', prefix }, (message) => message.count as number),
    reset: () => ask({ type: 'reset' }, () => undefined),
    async close() {
      await ask({ type: 'close' }, () => undefined);
      await worker.terminate();
    },
  };
}

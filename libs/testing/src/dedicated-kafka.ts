import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from './infrastructure';

/** A broker of a test's own, which it may stop and start to show what an outage does. */
export interface DedicatedKafka {
  readonly brokers: string;
  start(): void;
  stop(): void;
  /** Stops the broker and deletes its data. */
  destroy(): void;
}

/** Starts a real single-node Kafka on free ports, apart from the broker the other tests share. */
export async function startDedicatedKafka(): Promise<DedicatedKafka> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const stateDir = mkdtempSync(join(tmpdir(), 'zl-kafka-'));
  const env = {
    ...process.env,
    KAFKA_BROKERS: '',
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    ZONELEDGER_KAFKA_DIR: stateDir,
    KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
  };
  const kafkaSh = (command: string) =>
    execFileSync('bash', [join(workspaceRoot, 'infra/kafka/kafka.sh'), command], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  kafkaSh('start');
  return {
    brokers: `127.0.0.1:${port}`,
    start: () => kafkaSh('start'),
    stop: () => kafkaSh('stop'),
    destroy: () => {
      kafkaSh('stop');
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

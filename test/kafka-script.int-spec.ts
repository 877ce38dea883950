import { workspaceRoot } from '@zoneledger/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What a newcomer sees when the broker cannot start: one clear message and a non-zero exit.

const kafkaSh = join(workspaceRoot, 'infra/kafka/kafka.sh');

function startKafka(env: Record<string, string>) {
  const stateDir = mkdtempSync(join(tmpdir(), 'zl-kafka-fail-'));
  try {
    const { KAFKA_BROKERS: _external, ...inherited } = process.env;
    return spawnSync('bash', [kafkaSh, 'start'], {
      env: { ...inherited, ZONELEDGER_KAFKA_DIR: stateDir, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end('not kafka\n'));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('infra/kafka/kafka.sh start, when the broker cannot run', () => {
  it('says that Java 17 is required, and how to install it, when java is not on PATH', () => {
    const bin = mkdtempSync(join(tmpdir(), 'zl-no-java-'));
    try {
      for (const tool of readdirSync('/usr/bin')) {
        if (tool !== 'java') symlinkSync(join('/usr/bin', tool), join(bin, tool));
      }
      const result = startKafka({ PATH: bin, KAFKA_PORT: '39192', KAFKA_CONTROLLER_PORT: '39193' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /Java 17\+ is required.*apt-get install openjdk-17-jre-headless/s,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('names the port that another program holds and how to choose others', async () => {
    const { server, port } = await listen();
    const { port: controllerPort, server: other } = await listen();
    other.close();
    try {
      const result = startKafka({
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controllerPort),
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`port ${port} is taken by another program`);
      expect(result.stderr).toMatch(/KAFKA_PORT=\d+ KAFKA_CONTROLLER_PORT=\d+ .*kafka\.sh start/);
    } finally {
      server.close();
    }
  });
});

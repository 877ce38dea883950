import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The repository root, where infra/ scripts live. */
export const workspaceRoot = join(__dirname, '..', '..', '..');

function infraScript(script: string, args: string[]): string {
  return execFileSync('bash', [join(workspaceRoot, 'infra', script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  }).trim();
}

/** A real Kafka broker: KAFKA_BROKERS when set, else the project's own (started if needed). */
export function provideKafka(): { brokers: string; startedHere: boolean } {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, startedHere: false };
  const running = kafkaRunning();
  if (!running) infraScript('kafka/kafka.sh', ['start']);
  return { brokers: infraScript('kafka/kafka.sh', ['address']), startedHere: !running };
}

function kafkaRunning(): boolean {
  try {
    infraScript('kafka/kafka.sh', ['status']);
    return true;
  } catch {
    return false;
  }
}

/** Stops the project's broker (only ever called for one this run started). */
export function stopKafka(): void {
  infraScript('kafka/kafka.sh', ['stop']);
}

/** A real PostgreSQL server's admin URL: DATABASE_URL, the local server, or an embedded one. */
export function providePostgres(): string {
  return lastLine(infraScript('postgres/postgres.sh', ['url']));
}

/** Creates a database (unless it exists) on the server providePostgres finds; returns its URL. */
export function provideDatabase(name: string): string {
  return lastLine(infraScript('postgres/postgres.sh', ['database', name]));
}

function lastLine(output: string): string {
  return output.split('\n').pop() ?? '';
}

/** A short random id that keeps one test run's databases, topics and groups apart from another's. */
export function runId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

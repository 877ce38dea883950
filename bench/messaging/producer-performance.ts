import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const KAFKA_DIR = join(__dirname, '..', '..', 'infra', 'kafka');
/** The broker's jars as infra/kafka/kafka.sh fetches them from Maven Central (kafka-tools among them). */
export const KAFKA_LIBS = process.env.KAFKA_LIBS ?? join(KAFKA_DIR, '.cache', 'libs');

/** What the distribution's kafka-producer-perf-test.sh gives the JVM (kafka-run-class.sh defaults). */
const JVM_OPTIONS = [
  '-Xmx512M',
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];

export interface ProducerPerformanceResult {
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly mbPerSecond: number;
  readonly avgLatencyMs: number;
  readonly maxLatencyMs: number;
  /** The JVM's whole run, start-up included (the rate above is the tool's own, from its first send). */
  readonly processSeconds: number;
  readonly summary: string;
}

/** Fails early, with the fix, when the jars are missing (KAFKA_BROKERS pointing elsewhere). */
export function assertProducerPerformanceAvailable(): void {
  const tools = existsSync(KAFKA_LIBS)
    ? readdirSync(KAFKA_LIBS).find((file) => /^kafka-tools-\d.*\.jar$/.test(file))
    : undefined;
  if (!tools)
    throw new Error(
      `no kafka-tools jar in ${KAFKA_LIBS}: run \`npm run kafka start\` once (it fetches the broker's jars with Maven), or set KAFKA_LIBS`,
    );
}

/**
 * Kafka's own org.apache.kafka.tools.ProducerPerformance, as a user of the distribution runs it
 * (kafka-producer-perf-test.sh): `records` records of `recordSize` random bytes, as fast as it
 * can, acks=all and an idempotent producer, its other settings the client's defaults.
 */
export function producerPerformance(options: {
  brokers: readonly string[];
  topic: string;
  records: number;
  recordSize: number;
}): Promise<ProducerPerformanceResult> {
  const args = [
    ...JVM_OPTIONS,
    `-Dlog4j2.configurationFile=${join(KAFKA_DIR, 'tools-log4j2.properties')}`,
    '-cp',
    join(KAFKA_LIBS, '*'),
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--record-size',
    String(options.recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${options.brokers.join(',')}`,
    'acks=all',
    'enable.idempotence=true',
  ];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // The last line sums the run: "N records sent, R records/sec (M MB/sec), A ms avg latency,
      // X ms max latency, ..." (the lines before it are 5-second windows).
      const summary = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((line) => / records sent, .* ms max latency, \d+ ms 50th/.test(line));
      const match = summary?.match(
        /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency/,
      );
      if (code !== 0 || !summary || !match) {
        reject(new Error(`ProducerPerformance failed (exit ${code}):\n${stdout}\n${stderr}`));
        return;
      }
      resolve({
        records: Number(match[1]),
        recordsPerSecond: Math.round(Number(match[2])),
        mbPerSecond: Number(match[3]),
        avgLatencyMs: Number(match[4]),
        maxLatencyMs: Number(match[5]),
        processSeconds: Math.round(performance.now() - started) / 1000,
        summary,
      });
    });
  });
}

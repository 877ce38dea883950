/**
 * Replays a consumer group's dead letters to their original topics (after the handler is fixed):
 *
 *   npm run -s dlq:replay -- --group zone-registry.zone-view [--brokers host:9092,...]
 *                            [--limit 100] [--error-code ZONE.UNKNOWN_ZONE]
 *
 * Brokers default to KAFKA_BROKERS, then 127.0.0.1:9092. With --error-code, the other dead letters
 * are skipped, and a skipped dead letter is not offered again. Prints the report as JSON.
 */
import { parseArgs } from 'node:util';
import { replayDeadLetters, type ReplayReport } from '../consumer/dead-letter-replay';
import { createKafkaClient } from '../kafka-client';

const USAGE = `usage: npm run -s dlq:replay -- --group <groupId> [--brokers host:port,...] [--limit n] [--error-code code]`;

async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ReplayReport | string> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      group: { type: 'string' },
      brokers: { type: 'string', default: env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
      limit: { type: 'string' },
      'error-code': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return USAGE;
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const brokers = values.brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const problems = [
    ...(values.group ? [] : ['--group is required']),
    ...(brokers.length > 0 ? [] : ['--brokers is empty']),
    ...(limit === undefined || (Number.isInteger(limit) && limit > 0)
      ? []
      : [`--limit must be a positive integer, got "${values.limit}"`]),
  ];
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${USAGE}`);

  const errorCode = values['error-code'];
  return replayDeadLetters({
    kafka: createKafkaClient({ clientId: 'zoneledger-dlq-replay', brokers }),
    groupId: values.group as string,
    limit,
    filter: errorCode ? (deadLetter) => deadLetter.errorCode === errorCode : undefined,
  });
}

main(process.argv.slice(2), process.env).then(
  (output) =>
    process.stdout.write(`${typeof output === 'string' ? output : JSON.stringify(output)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

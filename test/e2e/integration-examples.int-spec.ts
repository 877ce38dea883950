import { createKafkaClient } from '@zoneledger/messaging';
import { eventually, workspaceRoot } from '@zoneledger/testing';
import type { IHeaders, Kafka, Message } from 'kafkajs';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSystem, type SystemUnderTest } from '../system.harness';

// docs/integration.md tells outside systems how to read ZoneLedger's topics and send it commands.
// Its runnable blocks (each after an `<!-- example: <name> -->` line) are run here as written, by
// bash with `set -euo pipefail`, against a zone-registry started as a process on this test's own
// schema and topic prefix, with the variables the page defines (BROKERS, TOPIC, GROUP_ID,
// ZONES_URL, TOKEN, ZONE_ID). kcat is installed by infra/tools/kcat.sh when missing; the Java
// consumer is built with Maven (Maven Central only). About 1-3 minutes, mostly the Maven build.

const DOC = join(workspaceRoot, 'docs', 'integration.md');
const EXAMPLE = /<!-- example: ([a-z0-9-]+) -->\s*\n```sh\n([\s\S]*?)\n```/g;
const EXAMPLES_RUN = [
  'kcat',
  'java-build',
  'java-run',
  'token',
  'register-zone',
  'register-zone-other-body',
  'read-zone',
  'set-industry-focus',
] as const;
type ExampleName = (typeof EXAMPLES_RUN)[number];

const WAIT = { timeoutMs: 60_000, intervalMs: 500 };
const execFileAsync = promisify(execFile);

/** The runnable blocks of docs/integration.md by name. */
function documentedExamples(): Map<string, string> {
  const text = readFileSync(DOC, 'utf8');
  return new Map([...text.matchAll(EXAMPLE)].map(([, name, code]) => [name, code]));
}

interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/** An answer as `curl -i` prints it: status line, headers, blank line, JSON body. */
function parseCurlAnswer(output: string): HttpAnswer {
  const split = output.indexOf('\r\n\r\n');
  expect(split).toBeGreaterThan(0);
  const [statusLine, ...headerLines] = output.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: JSON.parse(output.slice(split + 4)) as Record<string, unknown>,
  };
}

/** One record of a topic, as kafkajs reads it. */
interface TopicRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** Every record of `topic` with `key`, read from the beginning in a consumer group of its own. */
async function recordsWithKey(kafka: Kafka, topic: string, key: string): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({
    groupId: `${topic}.probe.${randomUUID()}`,
    maxWaitTimeInMs: 200,
  });
  const found: TopicRecord[] = [];
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), admin.connect()]);
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const remaining = new Map(ends.map((end) => [end.partition, BigInt(end.high)]));
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.key?.toString() === key && message.value)
          found.push({
            key,
            value: message.value,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            ),
          });
        if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n))
          remaining.delete(partition);
      },
    });
    await eventually(() => {
      for (const [partition, high] of remaining) if (high > 0n) throw new Error(`${partition}`);
    }, WAIT);
    return found;
  } finally {
    await Promise.all([consumer.disconnect(), admin.disconnect()]);
  }
}

/** One record per ce_id, in the order first read: the relay may publish an event twice. */
function distinct(records: readonly TopicRecord[]): TopicRecord[] {
  return [...new Map(records.map((record) => [record.headers.ce_id, record])).values()];
}

describe('docs/integration.md: every example runs as documented', () => {
  let system: SystemUnderTest<'zone-registry'>;
  let kafka: Kafka;
  const examples = documentedExamples();
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  let topic: string;
  const timings: Record<string, number> = {};

  /** Runs the named blocks in one bash, in order, with the page's variables; its stdout and stderr. */
  async function run(
    names: readonly ExampleName[],
    env: Record<string, string>,
    then = '',
  ): Promise<{ stdout: string; stderr: string }> {
    const script = names.map((name) => examples.get(name) ?? '').join('\n');
    const { stdout, stderr } = await execFileAsync(
      'bash',
      ['-euo', 'pipefail', '-c', `${script}\n${then}`],
      {
        cwd: workspaceRoot,
        env: { ...process.env, BROKERS: brokers, TOPIC: topic, ...env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 8 * 60_000,
      },
    );
    return { stdout, stderr };
  }

  async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings[label] = Date.now() - started;
    }
  }

  beforeAll(async () => {
    [system] = await Promise.all([
      timed('start zone-registry', () =>
        startSystem('integration_docs', ['zone-registry'], ['zone-admin']),
      ),
      timed('kcat install', () =>
        execFileAsync('bash', [join(workspaceRoot, 'infra/tools/kcat.sh'), '--install']),
      ),
      timed('java-build', () => run(['java-build'], {})),
    ]);
    topic = `${system.topicPrefix}zoneledger.zones.v1`;
    kafka = createKafkaClient({
      clientId: 'integration-docs',
      brokers: brokers.split(','),
      log: () => undefined,
    });
  }, 9 * 60_000);

  afterAll(async () => {
    await system?.stop();
    process.stdout.write(`integration examples, ms: ${JSON.stringify(timings)}\n`);
  }, 60_000);

  it('marks exactly the examples this test runs', () => {
    expect([...examples.keys()].sort()).toEqual([...EXAMPLES_RUN].sort());
  });

  /** Registers a zone through the harness (not an example), as another system would. */
  async function registerZone(zoneId: string): Promise<void> {
    const answer = await system.call('zone-registry', 'POST', '/v1/zones', {
      zoneId,
      nameZh: `示例开发区 ${zoneId}`,
      nameEn: `Example Zone ${zoneId}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '江苏',
    });
    expect(answer.status).toBe(201);
  }

  it('creates a zone with curl, answers a retry under the same Idempotency-Key as a replay, and checks If-Match', async () => {
    const zoneId = `curl-${system.suffix}`;
    const env = { ZONES_URL: system.services['zone-registry'].baseUrl, ZONE_ID: zoneId };
    // The token example, run as written; its TOKEN is then handed to the later examples.
    const token = (await timed('token', () => run(['token'], env, 'printf %s "$TOKEN"'))).stdout;
    expect(token.split('.')).toHaveLength(3);
    const withToken = { ...env, TOKEN: token };

    const curl = async (name: ExampleName) =>
      parseCurlAnswer((await run([name], withToken)).stdout);
    /** A command's answer: its status, the zone's version as ETag and in the body, what it did. */
    const command = (status: number, version: number, recorded: string, replayed: boolean) => ({
      status,
      headers: { etag: `"${version}"` },
      body: { zoneId, version, recorded: [recorded], replayed },
    });
    const problem = (status: number, body: Record<string, unknown>) => ({
      status,
      headers: { 'content-type': expect.stringMatching(/^application\/problem\+json/) },
      body: { status, ...body },
    });

    expect(await curl('register-zone')).toMatchObject(command(201, 1, 'ZoneRegistered', false));
    expect(await curl('register-zone')).toMatchObject(command(201, 1, 'ZoneRegistered', true));
    const otherBody = await curl('register-zone-other-body');
    expect(otherBody).toMatchObject(
      problem(422, {
        code: 'IDEMPOTENCY.KEY_REUSED',
        type: 'https://zoneledger.dev/problems/idempotency-key-reused',
        instance: '/v1/zones',
        correlationId: otherBody.headers['x-correlation-id'],
      }),
    );

    expect(await curl('read-zone')).toMatchObject({
      status: 200,
      headers: { etag: '"1"' },
      body: { zoneId, industryFocus: ['集成电路'] },
    });
    expect(await curl('set-industry-focus')).toMatchObject(
      command(200, 2, 'ZoneIndustryFocusSet', false),
    );
    expect(await curl('set-industry-focus')).toMatchObject(
      problem(409, { code: 'CONCURRENCY.CONFLICT', currentVersion: 2 }),
    );

    // Both recorded changes reach the topic, by the token's subject.
    const records = await eventually(async () => {
      const found = distinct(await recordsWithKey(kafka, topic, `zone-${zoneId}`));
      expect(found.map((record) => record.headers.ce_type)).toEqual([
        'zoneledger.zone.v1.ZoneRegistered',
        'zoneledger.zone.v1.ZoneIndustryFocusSet',
      ]);
      return found;
    }, WAIT);
    expect(records.map((record) => record.headers.ce_actor)).toEqual([
      'integration-demo',
      'integration-demo',
    ]);
  }, 180_000);

  it('prints a zone event with kcat: partition, offset, key and its ce_ headers', async () => {
    const zoneId = `kcat-${system.suffix}`;
    await registerZone(zoneId);
    const printed = await eventually(async () => {
      const { stdout } = await run(['kcat'], {});
      const record = stdout.split('\n\n').find((block) => block.includes(`key zone-${zoneId}\n`));
      expect(record).toBeDefined();
      return record as string;
    }, WAIT);
    expect(printed).toMatch(/^partition \d+ offset \d+ key zone-/);
    const headers = Object.fromEntries(
      (/\nheaders (.*)\n/.exec(printed)?.[1] ?? '')
        .split(',')
        .map((pair) => pair.split('=', 2) as [string, string]),
    );
    expect(headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: '/zoneledger/zone-registry',
      ce_type: 'zoneledger.zone.v1.ZoneRegistered',
      ce_subject: `zone-${zoneId}`,
      ce_dataschema: 'urn:zoneledger:proto:zoneledger.zone.v1.ZoneRegistered',
      'content-type': 'application/protobuf',
      ce_streamversion: '1',
    });
    expect(headers.ce_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(printed).toMatch(/\nvalue \d+ bytes/);
  }, 120_000);

  it('decodes with the Java consumer: JSON once per ce_id, unknown types skipped, offsets committed', async () => {
    const zoneId = `java-${system.suffix}`;
    const key = `zone-${zoneId}`;
    await registerZone(zoneId);
    const [original] = await eventually(async () => {
      const found = distinct(await recordsWithKey(kafka, topic, key));
      expect(found).toHaveLength(1);
      return found;
    }, WAIT);

    // What at-least-once delivery and later contract versions bring: the same record again (a
    // relay's resend), an event type this build does not know, and a known event carrying a field
    // added after this build (field 999, a varint), under an id of its own.
    const newer = randomUUID();
    const resend = (headers: IHeaders, value: Buffer): Message => ({ key, value, headers });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          resend(original.headers, original.value),
          resend(
            {
              ...original.headers,
              ce_id: randomUUID(),
              ce_type: 'zoneledger.zone.v1.ZoneRelocated',
            },
            Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]),
          ),
          resend(
            { ...original.headers, ce_id: newer },
            Buffer.concat([original.value, Buffer.from([0xb8, 0x3e, 0x01])]),
          ),
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const groupId = `${system.topicPrefix}java-example`;
    const javaRun = async () => {
      const { stdout, stderr } = await timed('java-run', () =>
        run(['java-run'], { GROUP_ID: groupId }),
      );
      const events = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((event) => event.subject === key);
      return { events, stderr };
    };

    const first = await javaRun();
    expect(first.events.map((event) => event.id)).toEqual([original.headers.ce_id, newer]);
    const data = {
      zoneId,
      nameZh: `示例开发区 ${zoneId}`,
      nameEn: `Example Zone ${zoneId}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_PROVINCIAL',
      province: '江苏省',
      region: 'REGION_EAST',
    };
    for (const event of first.events)
      expect(event).toMatchObject({
        type: 'zoneledger.zone.v1.ZoneRegistered',
        key,
        topic,
        data,
      });
    expect(first.stderr).toContain(`duplicate of ce_id ${original.headers.ce_id}`);
    expect(first.stderr).toContain('unknown ce_type zoneledger.zone.v1.ZoneRelocated');

    // The group committed what it handled: a restart goes on after it, with what came since.
    const again = await javaRun();
    expect(again.events).toEqual([]);
    const focus = await system.call('zone-registry', 'PUT', `/v1/zones/${zoneId}/industry-focus`, {
      industryFocus: ['新能源'],
    });
    expect(focus.status).toBe(200);
    await eventually(async () => {
      const types = (await recordsWithKey(kafka, topic, key)).map(
        (record) => record.headers.ce_type,
      );
      expect(types).toContain('zoneledger.zone.v1.ZoneIndustryFocusSet');
    }, WAIT);
    const resumed = await javaRun();
    expect(resumed.events).toMatchObject([
      {
        type: 'zoneledger.zone.v1.ZoneIndustryFocusSet',
        data: { zoneId, industryFocus: ['新能源'] },
      },
    ]);
  }, 240_000);
});

import { randomBytes } from 'node:crypto';

export interface TestIds {
  /** Unique suffix of this test's names. */
  readonly id: string;
  /** A topic name only this test uses, under the run's prefix. */
  topic(name: string): string;
  /** A consumer group only this test uses. */
  group(name: string): string;
  /** A Postgres schema only this test uses. */
  readonly schema: string;
}

/** Fresh names for one test, so tests run in any order, in parallel and repeatedly. */
export function testIds(label: string): TestIds {
  const id = `${label}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const prefix = process.env.TOPIC_PREFIX ?? 'test.';
  return {
    id,
    topic: (name) => `${prefix}${name}.${id}`,
    group: (name) => `${prefix}${name}.${id}`,
    schema: `t_${id}`.slice(0, 63),
  };
}

/**
 * How far back the event store's readers are held: samples, every few milliseconds, the oldest
 * transaction in the cluster that has a transaction id, its age and what it runs. The outbox
 * relay publishes nothing younger than the oldest running transaction id (gap safety, ADR
 * 0003), so an old one delays every relay in the cluster (ADR 0021). Run it beside
 * `npm run bench:load`:
 *
 *   npx ts-node --transpile-only bench/load/transaction-horizon.ts [seconds=30] [DATABASE_URL]
 *
 * It prints the age's percentiles, then what the transactions over 20 ms were doing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

const OLD_MS = 20;

interface Sample {
  readonly age: number;
  readonly what?: string;
}

async function sample(seconds: number, connectionString: string): Promise<Sample[]> {
  const client = new Client({ connectionString });
  await client.connect();
  const samples: Sample[] = [];
  try {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const { rows } = await client.query<{ age: number; what: string }>(
        `select extract(epoch from clock_timestamp() - xact_start) * 1000 as age,
           application_name || ' | ' || state || ' | ' || regexp_replace(left(query, 50), '\\s+', ' ', 'g') as what
         from pg_stat_activity
         where backend_xid is not null and pid <> pg_backend_pid()
         order by xact_start limit 1`,
      );
      samples.push(rows[0] ? { age: Number(rows[0].age), what: rows[0].what } : { age: 0 });
      await sleep(3);
    }
  } finally {
    await client.end();
  }
  return samples;
}

function report(samples: readonly Sample[]): string {
  const ages = samples.map(({ age }) => age).sort((a, b) => a - b);
  const at = (q: number) => ages[Math.floor(q * (ages.length - 1))].toFixed(1);
  const old = new Map<string, number>();
  for (const { age, what } of samples)
    if (what && age > OLD_MS) old.set(what, (old.get(what) ?? 0) + 1);
  return [
    `${ages.length} samples; the oldest transaction with an id: p50 ${at(0.5)} / p90 ${at(0.9)} / p99 ${at(0.99)} / max ${at(1)} ms`,
    `over ${OLD_MS} ms:`,
    ...[...old].sort((a, b) => b[1] - a[1]).map(([what, count]) => `  ${count}\t${what}`),
  ].join('\n');
}

const [
  seconds = '30',
  url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
] = process.argv.slice(2);
sample(Number(seconds), url)
  .then((samples) => console.log(report(samples)))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });

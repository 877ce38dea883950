import { writeFileSync } from 'node:fs';
import { summariseFuzzReport } from './fuzz-report.summary';
import { fuzzService, type FuzzReport } from './fuzz-runner';
import type { FuzzProfile } from './fuzz-profile';
import type { FuzzTarget } from './fuzz-target';
import type { FuzzOperation } from './openapi-operations.reader';

/** What a service under the fuzz is started with: limits far above what the fuzz sends. */
export const FUZZ_SERVICE_ENV = {
  RATE_LIMIT_PER_TOKEN: '1000000',
  RATE_LIMIT_PER_ADDRESS: '1000000',
} as const;

/**
 * The roles of an operation in a ZoneLedger service: reads open to every role, the operators'
 * /v1/admin API to ops, every other write to `writer`.
 */
export function conventionalRoles(writer: string, every: readonly string[]) {
  return (operation: FuzzOperation): string[] => {
    if (operation.path.startsWith('/v1/admin/')) return ['ops'];
    return operation.method === 'GET' ? [...every] : [writer];
  };
}

/**
 * Fuzzes a service and returns the report with its summary, printing the summary's first line
 * (FUZZ_REPORT=<file> keeps the whole report as JSON, to replay a violation from).
 */
export async function fuzzWithSummary(
  label: string,
  target: FuzzTarget,
  profile: FuzzProfile,
): Promise<{ report: FuzzReport; summary: string }> {
  const report = await fuzzService(target, profile);
  const summary = summariseFuzzReport(report);
  if (process.env.FUZZ_REPORT) {
    writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(report, null, 2));
  }
  process.stdout.write(`${label}: ${summary.split('\n')[0]}\n`);
  return { report, summary };
}

import type { FuzzReport } from './fuzz-runner';
import type { FuzzViolation } from './fuzz-violation';

/**
 * A readable account of a fuzz report: counts per class of request, then the violations grouped
 * by kind and operation with one example each, cut at `maxChars`.
 */
export function summariseFuzzReport(report: FuzzReport, maxChars = 12_000): string {
  const lines = [
    `fuzz: seed ${report.seed}, ${report.operations} operations, ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s, ` +
      `event loop stalled at most ${report.maxEventLoopDelayMs} ms, ${report.violations.length} violation(s)`,
    'requests by class (sent / accepted / refused / failed, longest stall, commonest refusals):',
    ...Object.entries(report.classes).map(
      ([name, { sent, accepted, refused, failed, refusedCodes, maxStallMs }]) =>
        `  ${name}: ${sent} / ${accepted} / ${refused} / ${failed}, ${maxStallMs} ms (${topCodes(refusedCodes)})`,
    ),
  ];
  for (const [kind, ofKind] of groupBy(report.violations, (violation) => violation.kind)) {
    lines.push('', `${kind}: ${ofKind.length}`);
    for (const [where, violations] of groupBy(
      ofKind,
      (violation) => `${violation.operation} ${violation.requestClass}`,
    )) {
      const example = violations[0];
      lines.push(
        `  ${where}: ${violations.length} × ${example.detail}`,
        `    e.g. ${example.request}`,
        `    got ${example.status ?? 'no answer'} ${JSON.stringify(example.answer.slice(0, 160))}`,
        `    replay: ${example.replay}`,
      );
    }
  }
  if (report.undocumentedRefusals.length > 0) {
    lines.push(
      '',
      'documented requests refused as malformed (the document and the validation disagree):',
    );
    for (const refusal of report.undocumentedRefusals) {
      lines.push(
        `  ${refusal.request}`,
        `    got ${refusal.status} ${JSON.stringify(refusal.answer.slice(0, 200))}`,
      );
    }
  }
  const text = lines.join('\n');
  return text.length > maxChars
    ? `${text.slice(0, maxChars)}\n… (${text.length - maxChars} more characters)`
    : text;
}

/** The violations by kind, each kind's violations by operation and class, in order of first sight. */
function groupBy(violations: readonly FuzzViolation[], key: (violation: FuzzViolation) => string) {
  const groups = new Map<string, FuzzViolation[]>();
  for (const violation of violations) {
    const name = key(violation);
    groups.set(name, [...(groups.get(name) ?? []), violation]);
  }
  return groups;
}

// The three commonest refusal codes: enough to see whether a class is refused for its reason.
function topCodes(codes: Readonly<Record<string, number>>): string {
  return Object.entries(codes)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 3)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
}

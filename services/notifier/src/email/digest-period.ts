// When digest e-mail goes out, and what a digest holds. Pure: the clock and the rows are passed in.
//
// A digest's cut-offs are `digestAt` (a time of day, UTC) and every `intervalMs` after it: the
// instants anchor + k × interval for whole k, where the anchor is `digestAt` on 1970-01-01. With
// the default interval of a day that is `digestAt` every day; every instance computes the same
// cut-offs from the clock alone, so none needs to remember when it last sent.

/** A time of day in UTC. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

const MINUTE_MS = 60_000;

function anchorMs({ hour, minute }: TimeOfDay): number {
  return (hour * 60 + minute) * MINUTE_MS;
}

function checkedInterval(intervalMs: number): number {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
    throw new RangeError(
      `a digest interval must be a positive whole number of ms, got ${intervalMs}`,
    );
  return intervalMs;
}

/**
 * The cut-off of the latest digest period that has ended at `now`: the last instant
 * `digestAt` + k × `intervalMs` not after `now`. A digest for it holds what was pending before it.
 */
export function digestDue(now: Date, digestAt: TimeOfDay, intervalMs: number): Date {
  const interval = checkedInterval(intervalMs);
  const anchor = anchorMs(digestAt);
  const periods = Math.floor((now.getTime() - anchor) / interval);
  return new Date(anchor + periods * interval);
}

/** The cut-off after `now`: when the next digest goes out. */
export function nextDigestAt(now: Date, digestAt: TimeOfDay, intervalMs: number): Date {
  return new Date(digestDue(now, digestAt, intervalMs).getTime() + checkedInterval(intervalMs));
}

/** A pending e-mail delivery of a digest subscription. */
export interface DigestCandidate {
  readonly notificationId: string;
  /** The source stream (the CloudEvent subject). */
  readonly subject: string;
  /** The source event's version in its stream. */
  readonly position: bigint;
  /** When the notification was created (its delivery scheduled). */
  readonly createdAt: Date;
  /** When its next attempt is due (a failed digest's retry). */
  readonly dueAt: Date;
  /** Attempts made so far (0: never sent). */
  readonly attempts: number;
}

/**
 * What the digest of the period ending at `cutoff` holds of a subscription's pending deliveries:
 * those created before the cut-off, never tried or due by it (a delivery whose digest failed
 * waits for the retry the schedule set, so a second digest of the same period never repeats it;
 * the schedule's first delay does not hold back a first attempt, the cut-off does), and, per
 * subject, only those after which no earlier delivery about the subject waits (the order of a
 * subject's events holds across digests, as it does for webhooks). In the order the
 * notifications were created, ties by subject and position.
 */
export function digestContents<Candidate extends DigestCandidate>(
  pending: readonly Candidate[],
  cutoff: Date,
): Candidate[] {
  const bySubject = new Map<string, Candidate[]>();
  for (const candidate of pending) {
    const list = bySubject.get(candidate.subject) ?? [];
    list.push(candidate);
    bySubject.set(candidate.subject, list);
  }
  const included: Candidate[] = [];
  for (const list of bySubject.values()) {
    list.sort(byPosition);
    for (const candidate of list) {
      const ready =
        candidate.createdAt.getTime() < cutoff.getTime() &&
        (candidate.attempts === 0 || candidate.dueAt.getTime() <= cutoff.getTime());
      // An earlier delivery about the subject waits: every later one waits behind it.
      if (!ready) break;
      included.push(candidate);
    }
  }
  return included.sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) ||
      byPosition(a, b),
  );
}

function byPosition(a: DigestCandidate, b: DigestCandidate): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.notificationId < b.notificationId ? -1 : a.notificationId > b.notificationId ? 1 : 0;
}

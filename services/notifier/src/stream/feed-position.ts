// A place in the feed's order: the (transaction id, sequence number) of a notifiable_events row,
// written `<tx>-<seq>` as the live stream's event ids (and so a client's Last-Event-ID). The feed
// is read in this order below the oldest transaction still running, so every row a reader has
// not passed yet lies after its position: a position is all a client needs to resume.

/** A position in the feed: after every row whose (tx, seq) is not greater. */
export interface FeedPosition {
  readonly tx: bigint;
  readonly seq: bigint;
}

/** The largest value either part may take (PostgreSQL's bigint; xid8 ids stay far below it). */
const MAX_PART = 2n ** 63n - 1n;

/** Decimal digits, no sign, no leading zeros: `1234-56`. */
const POSITION = /^(0|[1-9]\d{0,18})-(0|[1-9]\d{0,18})$/;

/** The pattern a position's text matches (for the API document). */
export const FEED_POSITION_PATTERN = '^(0|[1-9][0-9]{0,18})-(0|[1-9][0-9]{0,18})$';

/** The position written as `<tx>-<seq>`. */
export function formatPosition(position: FeedPosition): string {
  return `${position.tx}-${position.seq}`;
}

/** The position a `<tx>-<seq>` text names, or undefined when it names none. */
export function parsePosition(text: string): FeedPosition | undefined {
  const match = POSITION.exec(text);
  if (!match) return undefined;
  const tx = BigInt(match[1]);
  const seq = BigInt(match[2]);
  if (tx > MAX_PART || seq > MAX_PART) return undefined;
  return { tx, seq };
}

/** Negative when `a` comes first in the feed's order, positive when `b` does, 0 when equal. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.tx !== b.tx) return a.tx < b.tx ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/**
 * The position before every row of transactions from `xmin` on: where a stream that starts "now"
 * begins (sequence numbers start at 1, so no row has seq 0).
 */
export function positionBefore(xmin: bigint): FeedPosition {
  return { tx: xmin, seq: 0n };
}

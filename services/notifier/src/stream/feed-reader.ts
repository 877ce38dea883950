import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DELIVERIES, NOTIFIABLE_EVENTS } from '../delivery/delivery-tables';
import { notifiableCeType, type NotificationFacts } from '../domain';
import { positionBefore, type FeedPosition } from './feed-position';

/** One row of the feed, as the live stream sends it. */
export interface FeedRow {
  readonly position: FeedPosition;
  readonly facts: NotificationFacts;
  /** The structured-mode CloudEvent, as a webhook receives it. */
  readonly cloudEvent: { readonly data?: unknown } & Record<string, unknown>;
}

/** A read of the feed after a position. */
export interface FeedBatch {
  /** Rows after the position, in order, none of a transaction that may still commit. */
  readonly rows: readonly FeedRow[];
  /**
   * Whether rows after the position exist that cannot be read yet (their transaction, or an
   * older one, was still running): read again soon, they will come.
   */
  readonly pending: boolean;
}

/** A merger the feed records. */
export interface FeedMerger {
  readonly absorbedZoneIds: readonly string[];
  readonly survivingZoneId: string;
}

interface Row {
  tx: string;
  seq: string;
  facts: NotificationFacts;
  cloud_event: FeedRow['cloudEvent'];
}

const ZONES_MERGED = 'ZonesMerged';
/** How a merger's row names its type: the CloudEvent type (as the intake writes it), or the event type. */
const MERGER_TYPES = [notifiableCeType(ZONES_MERGED), ZONES_MERGED];

/**
 * Reads the feed (notifiable_events) as the live stream needs it: in (tx, seq) order, and only
 * rows of transactions older than the oldest one still running, as the event store's readAll:
 * sequence numbers are handed out in insert order but become visible in commit order, so a
 * reader that took every visible row would pass over one committed late, for good. Below that
 * horizon nothing can still appear, and the order only ever grows at its end.
 */
@Injectable()
export class FeedReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up to `limit` rows after the position. */
  async after(position: FeedPosition, limit: number): Promise<FeedBatch> {
    const rows: Row[] = await this.db.query(
      `select tx::text as tx, seq::text as seq, facts, cloud_event
       from ${NOTIFIABLE_EVENTS}
       where tx < pg_snapshot_xmin(pg_current_snapshot())
         and (tx, seq) > ($1::xid8, $2::bigint)
       order by tx, seq
       limit $3`,
      [String(position.tx), String(position.seq), limit],
    );
    const read = rows.map(feedRow);
    if (read.length === limit) return { rows: read, pending: false };
    const last = read[read.length - 1]?.position ?? position;
    const [{ pending }]: { pending: boolean }[] = await this.db.query(
      `select exists (
         select 1 from ${NOTIFIABLE_EVENTS}
         where (tx, seq) > ($1::xid8, $2::bigint)
           and tx >= pg_snapshot_xmin(pg_current_snapshot())) as pending`,
      [String(last.tx), String(last.seq)],
    );
    return { rows: read, pending };
  }

  /**
   * Where a stream starting now begins: before every row of the oldest transaction still
   * running, so that nothing committed from now on is missed (a row committed just before may be
   * sent as well).
   */
  async now(): Promise<FeedPosition> {
    const [{ xmin }]: { xmin: string }[] = await this.db.query(
      `select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
    );
    return positionBefore(BigInt(xmin));
  }

  /** The mergers the feed records up to the position (inclusive), oldest first. */
  async mergersUpTo(position: FeedPosition): Promise<FeedMerger[]> {
    const rows: { data: Record<string, unknown> | null }[] = await this.db.query(
      `select cloud_event -> 'data' as data
       from ${NOTIFIABLE_EVENTS}
       where event_type = any($3)
         and (tx, seq) <= ($1::xid8, $2::bigint)
       order by tx, seq`,
      [String(position.tx), String(position.seq), MERGER_TYPES],
    );
    return rows.flatMap((row) => {
      const merger = mergerOf(row.data);
      return merger ? [merger] : [];
    });
  }

  /**
   * The retention horizon: the last row (in the feed's order) recorded longer than
   * `retentionMs` ago, undefined when there is none. Rows up to it are not replayed: a client
   * resuming from before it has missed events (some may be pruned).
   */
  async horizon(retentionMs: number): Promise<FeedPosition | undefined> {
    const rows: { tx: string; seq: string }[] = await this.db.query(
      `select tx::text as tx, seq::text as seq
       from ${NOTIFIABLE_EVENTS}
       where recorded_at < now() - $1 * interval '1 millisecond'
       order by tx desc, seq desc
       limit 1`,
      [retentionMs],
    );
    return rows[0] ? { tx: BigInt(rows[0].tx), seq: BigInt(rows[0].seq) } : undefined;
  }

  /**
   * Deletes up to `limit` rows recorded longer than `retentionMs` ago, and answers how many. It
   * keeps the horizon row itself (so that the horizon stays known when everything before it is
   * gone), any row a pending delivery still needs (its worker sends the row's CloudEvent), and
   * mergers (few, and what a stream's zones follow however old).
   */
  async prune(retentionMs: number, limit: number): Promise<number> {
    const horizon = await this.horizon(retentionMs);
    if (!horizon) return 0;
    // TypeORM answers a DELETE with [rows, count].
    const [, count]: [unknown, number] = await this.db.query(
      `delete from ${NOTIFIABLE_EVENTS}
       where seq in (
         select seq from ${NOTIFIABLE_EVENTS}
         where recorded_at < now() - $1 * interval '1 millisecond'
           and (tx, seq) < ($2::xid8, $3::bigint)
           and event_type <> all($5)
           and event_id not in (
             select source_event_id from ${DELIVERIES} where status = 'pending')
         limit $4)`,
      [retentionMs, String(horizon.tx), String(horizon.seq), limit, MERGER_TYPES],
    );
    return count;
  }
}

function feedRow(row: Row): FeedRow {
  return {
    position: { tx: BigInt(row.tx), seq: BigInt(row.seq) },
    facts: row.facts,
    cloudEvent: row.cloud_event,
  };
}

/** The merger a ZonesMerged row records (its CloudEvent's proto JSON data). */
export function mergerOf(data: unknown): FeedMerger | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { survivingZoneId, absorbedZoneIds } = data as {
    survivingZoneId?: unknown;
    absorbedZoneIds?: unknown;
  };
  if (typeof survivingZoneId !== 'string' || survivingZoneId === '') return undefined;
  const absorbed = Array.isArray(absorbedZoneIds)
    ? absorbedZoneIds.filter((id): id is string => typeof id === 'string' && id !== '')
    : [];
  return absorbed.length > 0 ? { absorbedZoneIds: absorbed, survivingZoneId } : undefined;
}

/** Whether the row is a merger's (ZonesMerged). */
export function isMerger(row: FeedRow): boolean {
  return row.facts.eventType === ZONES_MERGED;
}

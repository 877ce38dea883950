import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SUBSCRIPTIONS } from '../application/subscription-streams';
import type { SubscriptionView } from '../application/subscription-view';
import {
  SubscriptionIndex,
  type ChannelKind,
  type NotificationFacts,
  type SubscriptionMatch,
} from '../domain';
import { ZONE_PROFILES } from './notification-intake.projection';

/** A subscription the event concerns, with the channel its notification goes out by. */
export interface ChannelMatch extends SubscriptionMatch {
  readonly channelKind: ChannelKind;
}

/** The channels a notification is created for (the live stream reads the feed itself). */
const NOTIFIED: ReadonlySet<ChannelKind> = new Set(['CHANNEL_KIND_WEBHOOK', 'CHANNEL_KIND_EMAIL']);

/**
 * This instance's matching index (domain SubscriptionIndex) of the active webhook and e-mail
 * subscriptions, kept current from the `subscriptions` table, which every instance's API writes
 * in the transactions that append subscription events. Before each event is matched, `refresh`
 * reads the rows changed since it last looked: those whose transaction id is at or above the
 * oldest transaction running at that look (a change committed late is never missed; a row seen
 * twice is filed again, which changes nothing). Mergers are picked up the same way from the
 * intake's zone profiles, so a subscription follows a survivor whichever instance saw the merger.
 */
@Injectable()
export class SubscriptionMatcher {
  private readonly index = new SubscriptionIndex();
  private readonly channels = new Map<string, ChannelKind>();
  /** The oldest transaction running at the last look ('0' before the first: read everything). */
  private subscriptionsFrom = '0';
  private mergersFrom = '0';

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How many subscriptions the index holds. */
  get size(): number {
    return this.index.size;
  }

  /** Files the subscriptions and mergers changed since the last refresh. */
  async refresh(): Promise<void> {
    const rows: {
      xmin: string;
      subscription_id: string | null;
      status: string | null;
      view: SubscriptionView | null;
    }[] = await this.db.query(
      `with snapshot as (select pg_snapshot_xmin(pg_current_snapshot())::text as xmin)
       select snapshot.xmin, s.subscription_id, s.status, s.view
       from snapshot left join ${SUBSCRIPTIONS} s on s.tx >= $1::xid8`,
      [this.subscriptionsFrom],
    );
    for (const { subscription_id: id, view } of rows) {
      if (id === null || view === null) continue;
      const kind = view.channel.kind;
      if (view.status === 'active' && !view.endpointDisabled && NOTIFIED.has(kind)) {
        this.index.add(id, view.filter);
        this.channels.set(id, kind);
      } else {
        this.index.remove(id);
        this.channels.delete(id);
      }
    }
    this.subscriptionsFrom = rows[0]?.xmin ?? this.subscriptionsFrom;

    const mergers: { xmin: string; zone_id: string | null; survivor_id: string | null }[] =
      await this.db.query(
        `with snapshot as (select pg_snapshot_xmin(pg_current_snapshot())::text as xmin)
         select snapshot.xmin, z.zone_id, z.survivor_id
         from snapshot left join ${ZONE_PROFILES} z
           on z.survivor_id is not null and z.tx >= $1::xid8`,
        [this.mergersFrom],
      );
    for (const { zone_id: absorbed, survivor_id: survivor } of mergers)
      if (absorbed !== null && survivor !== null) this.index.followMerger([absorbed], survivor);
    this.mergersFrom = mergers[0]?.xmin ?? this.mergersFrom;
  }

  /** Tells the index of a merger this instance just handled. */
  followMerger(absorbedZoneIds: readonly string[], survivingZoneId: string): void {
    this.index.followMerger(absorbedZoneIds, survivingZoneId);
  }

  /** The subscriptions the event concerns, each with its channel. */
  match(facts: NotificationFacts): ChannelMatch[] {
    return this.index.match(facts).flatMap((match) => {
      const channelKind = this.channels.get(match.subscriptionId);
      return channelKind ? [{ ...match, channelKind }] : [];
    });
  }
}

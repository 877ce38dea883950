import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readPage, type Page, type PageOf } from '@zoneledger/platform';
import type { DataSource } from 'typeorm';
import { NotOwnerError, SubscriptionNotFoundError, type Caller } from '../domain';
import { SUBSCRIPTIONS, SubscriptionStreams } from '../application/subscription-streams';
import { subscriptionView, type SubscriptionView } from '../application/subscription-view';

/**
 * Reads of subscriptions, as the caller may see them: an analyst their own (another's reads as not
 * found, NOTIFIER.NOT_OWNER answered as NOTIFIER.NOT_FOUND), ops every one.
 */
@Injectable()
export class SubscriptionQueries {
  constructor(
    private readonly streams: SubscriptionStreams,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One subscription, folded from its stream (as current as the event store). */
  async subscription(subscriptionId: string, caller: Caller): Promise<SubscriptionView> {
    const { state, version } = await this.streams.read(subscriptionId);
    if (!state.exists) throw new SubscriptionNotFoundError(subscriptionId);
    if (caller.role !== 'ops' && state.owner !== caller.subject)
      throw new NotOwnerError(subscriptionId);
    return subscriptionView(state, version);
  }

  /** The subscriptions the caller may see, oldest first. */
  async subscriptions(caller: Caller, page: Page): Promise<PageOf<SubscriptionView>> {
    const own = caller.role !== 'ops';
    const { rows, total } = await readPage<{ view: SubscriptionView }>(
      this.dataSource,
      {
        select: 'view',
        from: SUBSCRIPTIONS,
        where: own ? ['owner = $1'] : [],
        values: own ? [caller.subject] : [],
        orderBy: 'created_at, subscription_id',
      },
      page,
    );
    return { items: rows.map((row) => row.view), total, ...page };
  }
}

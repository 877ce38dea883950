import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Topics } from '@zoneledger/contracts';
import { WrongExpectedVersionError } from '@zoneledger/event-store';
import { physicalTopic, type ConsumedEvent } from '@zoneledger/messaging';
import {
  ConcurrencyConflictError,
  ProjectionHost,
  SERVICE_CONFIG,
  type CommandContext,
  type ServiceConfig,
} from '@zoneledger/platform';
import type { DataSource } from 'typeorm';
import { FEED_CHANNEL, NOTIFIABLE_EVENTS } from '../delivery/delivery-tables';
import { NotificationStreams } from '../delivery/notification-streams';
import {
  createNotification,
  initialNotificationState,
  notificationId,
  type CreateNotification,
  type NotificationFacts,
} from '../domain';
import { notificationIntake } from './notification-intake.projection';
import type { ProfileChanges } from './reference-profiles';
import { streamVersionOf, structuredCloudEvent } from './structured-cloud-event';
import { SubscriptionMatcher, type ChannelMatch } from './subscription-matcher';

/** Who the notification streams name as the author of a notification. */
export const INTAKE_ACTOR = 'notifier/intake';

// One transaction appends at most this many notifications of an event (a policy reaching many
// subscriptions is recorded in several).
const NOTIFICATIONS_PER_APPEND = 500;

/**
 * Runs the intake while the service runs: each notifiable event becomes a row of the feed (the
 * structured CloudEvent and its facts; NOTIFY wakes the live streams), then one notification per
 * subscription it matches, each on its own stream created at version 0: a second delivery of the
 * event, or a re-publication under the same id, finds the streams there and records nothing.
 */
@Injectable()
export class NotificationIntakeRunner implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly projections: ProjectionHost,
    private readonly matcher: SubscriptionMatcher,
    private readonly notifications: NotificationStreams,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topics = [Topics.zones, Topics.policies, Topics.assessments].map((topic) =>
      physicalTopic(this.config.topicPrefix, topic),
    );
    await this.projections.host(
      notificationIntake(topics, (event, facts, mergers) => this.notify(event, facts, mergers)),
    );
  }

  private async notify(
    event: ConsumedEvent,
    facts: NotificationFacts,
    mergers: ProfileChanges['zones'],
  ): Promise<void> {
    await this.feed(event, facts);
    await this.matcher.refresh();
    for (const { zoneId, survivorId } of mergers)
      if (survivorId) this.matcher.followMerger([zoneId], survivorId);
    const matches = this.matcher.match(facts);
    for (let start = 0; start < matches.length; start += NOTIFICATIONS_PER_APPEND)
      await this.create(event, matches.slice(start, start + NOTIFICATIONS_PER_APPEND));
  }

  // The feed row commits on its own, before any notification of it: a worker that finds a
  // notification always finds the body it sends.
  private async feed(event: ConsumedEvent, facts: NotificationFacts): Promise<void> {
    const { cloudEvent } = event;
    await this.db.query(
      `with added as (
         insert into ${NOTIFIABLE_EVENTS}
           (event_id, event_type, subject, stream_version, event_time, facts, cloud_event)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (event_id) do nothing
         returning tx, seq)
       select pg_notify($8, added.tx::text || '-' || added.seq) from added`,
      [
        cloudEvent.id,
        cloudEvent.type,
        cloudEvent.subject,
        streamVersionOf(event).toString(),
        cloudEvent.time,
        JSON.stringify(facts),
        JSON.stringify(structuredCloudEvent(event)),
        FEED_CHANNEL,
      ],
    );
  }

  private async create(event: ConsumedEvent, matches: readonly ChannelMatch[]): Promise<void> {
    const context: CommandContext = { actor: INTAKE_ACTOR, correlationId: event.cloudEvent.id };
    const commands = matches.map((match) => creation(event, match));
    const initial = initialNotificationState();
    try {
      await this.notifications.appendToStreams(
        commands.map((command) => ({
          id: notificationId(command.data.subscriptionId, command.data.source.id),
          read: { state: initial, version: 0 },
          events: createNotification(command, initial),
        })),
        context,
      );
    } catch (error) {
      if (
        !(error instanceof WrongExpectedVersionError || error instanceof ConcurrencyConflictError)
      )
        throw error;
      // Some exist already (the event seen before, perhaps by a subscription set that has
      // changed since): create the others one by one; createNotification records nothing for
      // one that exists.
      for (const command of commands)
        await this.notifications.decide(
          notificationId(command.data.subscriptionId, command.data.source.id),
          () => command,
          context,
        );
    }
  }
}

function creation(event: ConsumedEvent, match: ChannelMatch): CreateNotification {
  const { cloudEvent } = event;
  return {
    type: 'CreateNotification',
    data: {
      subscriptionId: match.subscriptionId,
      source: {
        id: cloudEvent.id,
        type: cloudEvent.type,
        subject: cloudEvent.subject,
        streamVersion: streamVersionOf(event),
        time: cloudEvent.time,
      },
      followed: match.followed,
      channelKind: match.channelKind,
    },
  };
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idForNewAggregate, type CommandContext, type Principal } from '@zoneledger/platform';
import {
  channelOf,
  filterOf,
  type Caller,
  type ChannelRequest,
  type FilterRequest,
  type SubscriptionCommand,
} from '../domain';
import { EndpointAddresses } from './endpoint-addresses';
import { NOTIFIER_CONFIG, type NotifierConfig } from './notifier-config';
import { SubscriptionStreams, type SubscriptionCommandResult } from './subscription-streams';
import { WebhookSecrets } from './webhook-secrets';

/** The caller as the domain sees it: ops act on every subscription, anyone else on their own. */
export function callerOf(principal: Principal): Caller {
  return { subject: principal.sub, role: principal.roles.includes('ops') ? 'ops' : 'analyst' };
}

/** What a command that makes a signing secret answers: the secret, once, when it was recorded. */
export interface SecretCommandResult extends SubscriptionCommandResult {
  /** `whsec_...`: shown in this answer only, never again (a retry answered by its key omits it). */
  readonly secret?: string;
}

/** Subscribe to the events a filter matches, by a channel. */
export class SubscribeCommand extends Command<SecretCommandResult> {
  constructor(
    readonly request: { readonly filter: FilterRequest; readonly channel: ChannelRequest },
    readonly caller: Caller,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A command on an existing subscription with nothing to make: filter, pause, resume, cancel. */
export class ChangeSubscriptionCommand extends Command<SubscriptionCommandResult> {
  constructor(
    readonly subscriptionId: string,
    readonly change:
      | { readonly type: 'ChangeFilter'; readonly filter: FilterRequest }
      | { readonly type: 'PauseSubscription' | 'ResumeSubscription' | 'Unsubscribe' },
    readonly caller: Caller,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Sign a webhook's deliveries with a new secret; the previous one overlaps for a while. */
export class RotateSecretCommand extends Command<SecretCommandResult> {
  constructor(
    readonly subscriptionId: string,
    readonly caller: Caller,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Subscribes the caller. The subscription id is made here (derived from the Idempotency-Key when
 * there is one, so a retry finds the stream its first attempt made). A webhook's URL is checked
 * by the domain's rules first, then its host's addresses (EndpointAddresses); its signing secret
 * is made here and stored sealed with the event that refers to it.
 */
@CommandHandler(SubscribeCommand)
export class SubscribeHandler implements ICommandHandler<SubscribeCommand> {
  constructor(
    private readonly streams: SubscriptionStreams,
    private readonly secrets: WebhookSecrets,
    private readonly endpoints: EndpointAddresses,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async execute({ request, caller, context }: SubscribeCommand): Promise<SecretCommandResult> {
    const subscriptionId = idForNewAggregate(context);
    const policy = this.config.endpointPolicy;
    // The domain's own checks first, so a URL it refuses by its form is never resolved.
    filterOf(request.filter);
    channelOf(request.channel, { secretRef: 'unchecked', fingerprint: 'unchecked' }, policy);
    if (request.channel.kind === 'CHANNEL_KIND_WEBHOOK')
      await this.endpoints.check(request.channel.url);
    const made =
      request.channel.kind === 'CHANNEL_KIND_WEBHOOK'
        ? this.secrets.generate(subscriptionId)
        : undefined;
    try {
      const outcome = await this.streams.decideNew(
        subscriptionId,
        () => ({
          type: 'Subscribe',
          data: {
            subscriptionId,
            caller,
            filter: request.filter,
            channel: request.channel,
            ...(made
              ? { secret: { secretRef: made.secretRef, fingerprint: made.fingerprint } }
              : {}),
            endpointPolicy: policy,
          },
        }),
        // A new stream, not read first: whatever If-Match said, it must not exist yet (the
        // decider refuses it when it does).
        { ...context, expectedVersion: undefined },
      );
      // The secret is shown only when this very command stored it.
      const stored = made && !outcome.replayed && outcome.recorded.includes('SubscriptionCreated');
      return { subscriptionId, ...outcome, ...(stored ? { secret: made.secret } : {}) };
    } finally {
      if (made) this.secrets.release(made.secretRef);
    }
  }
}

/** Changes an existing subscription as its owner (or ops) asks. */
@CommandHandler(ChangeSubscriptionCommand)
export class ChangeSubscriptionHandler implements ICommandHandler<ChangeSubscriptionCommand> {
  constructor(private readonly streams: SubscriptionStreams) {}

  async execute({
    subscriptionId,
    change,
    caller,
    context,
  }: ChangeSubscriptionCommand): Promise<SubscriptionCommandResult> {
    const command: SubscriptionCommand =
      change.type === 'ChangeFilter'
        ? { type: 'ChangeFilter', data: { subscriptionId, caller, filter: change.filter } }
        : { type: change.type, data: { subscriptionId, caller } };
    const outcome = await this.streams.decide(subscriptionId, () => command, context);
    return { subscriptionId, ...outcome };
  }
}

/** Rotates a webhook's signing secret: a new one made and stored sealed with its event. */
@CommandHandler(RotateSecretCommand)
export class RotateSecretHandler implements ICommandHandler<RotateSecretCommand> {
  constructor(
    private readonly streams: SubscriptionStreams,
    private readonly secrets: WebhookSecrets,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  async execute({
    subscriptionId,
    caller,
    context,
  }: RotateSecretCommand): Promise<SecretCommandResult> {
    const made = this.secrets.generate(subscriptionId);
    try {
      const outcome = await this.streams.decide(
        subscriptionId,
        () => ({
          type: 'RotateSecret',
          data: {
            subscriptionId,
            caller,
            secret: { secretRef: made.secretRef, fingerprint: made.fingerprint },
            previousValidForMs: this.config.secretRotationOverlapMs,
            now: new Date(),
          },
        }),
        context,
      );
      const stored = !outcome.replayed && outcome.recorded.includes('SubscriptionSecretRotated');
      return { subscriptionId, ...outcome, ...(stored ? { secret: made.secret } : {}) };
    } finally {
      this.secrets.release(made.secretRef);
    }
  }
}

/** The notifier's command handlers. */
export const SubscriptionCommandHandlers = [
  SubscribeHandler,
  ChangeSubscriptionHandler,
  RotateSecretHandler,
];

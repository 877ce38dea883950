import { Inject, Injectable } from '@nestjs/common';
import type { PostgresEventStore } from '@zoneledger/event-store';
import {
  DeciderStreams,
  EVENT_STORE,
  type DecidedStream,
  type StreamAppend,
} from '@zoneledger/platform';
import type { PolicyCommand } from '../domain/policy.commands';
import { decide } from '../domain/policy.decider';
import type { PolicyEvent, PolicyIssued } from '../domain/policy.events';
import { evolve, initialState, type PolicyState } from '../domain/policy.state';
import {
  POLICY_STREAM_TYPE,
  type CommandContext,
  type PolicyCommandResult,
} from './policy-command';
import { PolicyDocumentNumbers } from './policy-document-numbers';

/** A policy's stream read from the event store, and the state its events fold to. */
export type PolicyStream = DecidedStream<PolicyEvent, PolicyState>;

/**
 * The write path every policy command takes (the platform's DeciderStreams: read, fold, decide,
 * append at the version read). An issuance claims its document number with its append: a row the
 * append statement inserts, or, when it clashes, in the append's own transaction (see
 * PolicyDocumentNumbers), so numbers stay unique per issuer however commands interleave.
 */
@Injectable()
export class PolicyStreams {
  private readonly streams: DeciderStreams<PolicyCommand, PolicyEvent, PolicyState>;

  constructor(
    @Inject(EVENT_STORE) store: PostgresEventStore,
    documentNumbers: PolicyDocumentNumbers,
  ) {
    this.streams = new DeciderStreams(store, {
      streamType: POLICY_STREAM_TYPE,
      initialState,
      evolve,
      decide,
      writesAlongside: (appends) => {
        const issued = issuedIn(appends);
        if (issued.length === 0) return undefined;
        return (transaction) => documentNumbers.claim(transaction, issued);
      },
      rowsAlongside: (appends) => {
        const issued = issuedIn(appends);
        return issued.length === 0 ? undefined : documentNumbers.claimRows(issued);
      },
    });
  }

  /** The policy's stream as of `asOf` (now when undefined). */
  read(policyId: string, asOf?: Date): Promise<PolicyStream> {
    return this.streams.read(policyId, asOf);
  }

  /** Decides `command` (built from the policy's current state) and records its events. */
  async decide(
    policyId: string,
    command: (state: PolicyState) => PolicyCommand | Promise<PolicyCommand>,
    context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return { policyId, ...(await this.streams.decide(policyId, command, context)) };
  }

  /**
   * Decides `command` for a policy not yet in the register without reading its stream first (the
   * platform's `decideNew`): a policy that exists after all is decided as `decide` would.
   */
  async decideNew(
    policyId: string,
    command: (state: PolicyState) => PolicyCommand | Promise<PolicyCommand>,
    context: CommandContext,
  ): Promise<PolicyCommandResult> {
    return { policyId, ...(await this.streams.decideNew(policyId, command, context)) };
  }
}

function issuedIn(
  appends: readonly StreamAppend<PolicyEvent, PolicyState>[],
): PolicyIssued['data'][] {
  return appends
    .flatMap((append) => append.events)
    .filter((event): event is PolicyIssued => event.type === 'PolicyIssued')
    .map((event) => event.data);
}

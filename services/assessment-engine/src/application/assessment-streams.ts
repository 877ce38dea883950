import { Inject, Injectable } from '@nestjs/common';
import type { PostgresEventStore } from '@zoneledger/event-store';
import { DeciderStreams, EVENT_STORE, type StreamCommandOutcome } from '@zoneledger/platform';
import {
  foldRound,
  methodologyDecider,
  roundDecider,
  type MethodologyCommand,
  type MethodologyEvent,
  type MethodologyState,
  type OpenedRound,
  type RoundCommand,
  type RoundEvent,
  type RoundState,
} from '../domain';
import { RoundNotKnownError } from '../queries/round-read.errors';

/** The event-store categories of the engine's streams (the contracts' aggregates). */
export const METHODOLOGY_STREAM_TYPE = 'methodology';
export const ROUND_STREAM_TYPE = 'round';

/** What a command on one stream did, with the id of the methodology or round it changed. */
export interface AssessmentCommandResult extends StreamCommandOutcome {
  readonly id: string;
}

/** Methodology streams (`methodology-<id>`): the versions of one methodology. */
@Injectable()
export class MethodologyStreams extends DeciderStreams<
  MethodologyCommand,
  MethodologyEvent,
  MethodologyState
> {
  constructor(@Inject(EVENT_STORE) store: PostgresEventStore) {
    super(store, { streamType: METHODOLOGY_STREAM_TYPE, ...methodologyDecider });
  }
}

/** Round streams (`round-<round id>`): everything that happens to one assessment round. */
@Injectable()
export class RoundStreams extends DeciderStreams<RoundCommand, RoundEvent, RoundState> {
  constructor(@Inject(EVENT_STORE) store: PostgresEventStore) {
    // foldRound reaches evolve's state in one pass: evolve copies the values and results per event.
    super(store, { streamType: ROUND_STREAM_TYPE, ...roundDecider, fold: foldRound });
  }

  /** The round as of `asOf` (now when undefined); ASSESSMENT.ROUND_NOT_FOUND before it opened. */
  async opened(roundId: string, asOf?: Date): Promise<OpenedRound> {
    const { state } = await this.read(roundId, asOf);
    if (!state.opened) throw new RoundNotKnownError(roundId);
    return state;
  }
}

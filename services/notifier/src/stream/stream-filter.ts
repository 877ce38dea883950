import { ProblemError, ValidationFailedError } from '@zoneledger/platform';
import {
  filterOf,
  NOTIFIABLE_EVENT_TYPES,
  NotifierError,
  type FilterRequest,
  type SubscriptionFilter,
} from '../domain';
import type { StreamQueryDto } from './stream-query.dto';

// The filter a stream asks for in its query. A stream naming no criterion at all streams every
// event (every event type): unlike a subscription, which is kept and notified until cancelled, a
// stream lasts as long as its connection, so asking for everything must be easy, not refused.

/**
 * A filter value of the query the domain refuses: 400 (the query is malformed, nothing began),
 * with the domain's own code (NOTIFIER.UNKNOWN_EVENT_TYPE, ...) and message, as a subscription's
 * filter is refused with them.
 */
export class StreamFilterRefusedError extends ProblemError {
  readonly status = 400;
  readonly code: string;

  constructor(refusal: NotifierError) {
    super(refusal.message);
    this.code = refusal.code;
  }
}

const LISTS = [
  'eventTypes',
  'zoneIds',
  'provinces',
  'regions',
  'zoneKinds',
  'themes',
  'issuers',
] as const;

/** Whether the query names any criterion of a filter. */
export function namesCriteria(query: StreamQueryDto): boolean {
  return (
    LISTS.some((list) => query[list] !== undefined) ||
    query.minRankChange !== undefined ||
    query.minScoreChange !== undefined ||
    query.rankDirection !== undefined ||
    query.scoreDirection !== undefined
  );
}

/** The filter request the query's criteria make (thresholds as a subscription's filter has them). */
export function filterRequestOf(query: StreamQueryDto): FilterRequest {
  const misplaced = [
    ['rankDirection', 'minRankChange'],
    ['scoreDirection', 'minScoreChange'],
  ].filter(
    ([direction, minimum]) =>
      query[direction as keyof StreamQueryDto] !== undefined &&
      query[minimum as keyof StreamQueryDto] === undefined,
  );
  if (misplaced.length > 0)
    throw new ValidationFailedError(
      misplaced.map(([direction, minimum]) => ({
        field: direction,
        code: 'requiresThreshold',
        message: `${direction} applies to ${minimum}: give both`,
      })),
    );
  const lists = Object.fromEntries(
    LISTS.filter((list) => query[list] !== undefined).map((list) => [list, query[list]]),
  );
  return {
    ...lists,
    ...(query.minRankChange === undefined
      ? {}
      : {
          rankMoved: {
            atLeast: query.minRankChange,
            ...(query.rankDirection ? { direction: query.rankDirection } : {}),
          },
        }),
    ...(query.minScoreChange === undefined
      ? {}
      : {
          scoreChanged: {
            atLeast: query.minScoreChange,
            ...(query.scoreDirection ? { direction: query.scoreDirection } : {}),
          },
        }),
  };
}

/**
 * The filter of the query's criteria, checked by the domain as a subscription's is (its refusals
 * as 400 with their codes); every event type when the query names no criterion.
 */
export function streamFilterOf(query: StreamQueryDto): SubscriptionFilter {
  const request: FilterRequest = namesCriteria(query)
    ? filterRequestOf(query)
    : { eventTypes: NOTIFIABLE_EVENT_TYPES };
  try {
    return filterOf(request);
  } catch (error) {
    if (error instanceof NotifierError) throw new StreamFilterRefusedError(error);
    throw error;
  }
}

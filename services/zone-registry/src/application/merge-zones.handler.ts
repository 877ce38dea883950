import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyConflictError, eventsRecordedUnderKey } from '@zoneledger/platform';
import { randomUUID } from 'node:crypto';
import { mergeZones } from '../domain/merge-zones.decider';
import type { MergeZones } from '../domain/zone.commands';
import type { ZonesMerged } from '../domain/zone.events';
import type { CommandContext } from './zone-command';
import { ZoneNames } from './zone-names';
import { ZoneStreams, type ZoneStream } from './zone-streams';

/** A merger as a caller states it; the merger id (and a new survivor's id) are generated when absent. */
export type MergerRequest = Omit<
  MergeZones['data'],
  'mergerId' | 'survivingZoneId' | 'namesakes' | 'now'
> & {
  readonly mergerId?: string;
  readonly survivingZoneId?: string;
  /** The version of each zone the caller based the merger on; the versions read otherwise. */
  readonly expectedVersions?: Readonly<Record<string, number>>;
};

/** What a merger recorded: the version of each involved zone's stream after it. */
export interface MergerResult {
  readonly mergerId: string;
  readonly survivingZoneId: string;
  readonly zones: readonly { readonly zoneId: string; readonly version: number }[];
  readonly replayed: boolean;
}

/** Integrate zones into one. */
export class MergeZonesCommand extends Command<MergerResult> {
  constructor(
    readonly request: MergerRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Reads every involved zone's stream, decides the merger, and appends its ZonesMerged to all of
 * them in one transaction, each at the version read: a concurrent change to any one of them
 * fails the whole merger (409) and nothing is recorded. The absorbed zones free their names and
 * a new zone takes its own in the same transaction.
 */
@CommandHandler(MergeZonesCommand)
export class MergeZonesHandler implements ICommandHandler<MergeZonesCommand> {
  constructor(
    private readonly streams: ZoneStreams,
    private readonly names: ZoneNames,
  ) {}

  async execute({ request, context }: MergeZonesCommand): Promise<MergerResult> {
    const { expectedVersions, ...merger } = request;
    const survivingZoneId = merger.survivingZoneId ?? randomUUID();
    const zoneIds = [survivingZoneId, ...merger.absorbedZoneIds];
    const read = new Map<string, ZoneStream>();
    for (const zoneId of zoneIds) read.set(zoneId, await this.streams.read(zoneId));
    const earlier = mergerAnswering(read, context);
    if (earlier) return this.replayed(earlier, read);
    // A retry naming the mergerId of a merger the survivor recorded answers as recorded, whatever
    // versions it expected (they moved with the merger itself), as the decider would.
    const { mergerId } = merger;
    if (mergerId && recordedBy(read.get(survivingZoneId), mergerId))
      return this.replayed({ ...merger, mergerId, survivingZoneId }, read);
    assertReadAsExpected(read, expectedVersions);

    const namesakes = merger.newZone
      ? await this.names.namesakes(merger.newZone.nameZh, merger.newZone.nameEn)
      : [];
    const command: MergeZones = {
      type: 'MergeZones',
      data: {
        ...merger,
        mergerId: merger.mergerId ?? randomUUID(),
        survivingZoneId,
        namesakes,
        now: new Date(),
      },
    };
    const states = new Map([...read].map(([zoneId, stream]) => [zoneId, stream.state]));
    const decided = mergeZones(command, states);
    if (decided.length === 0) return this.replayed(command.data, read);
    const result = await this.streams.appendToZones(
      decided.map(({ zoneId, events }) => ({ zoneId, read: streamRead(read, zoneId), events })),
      context,
    );
    return {
      mergerId: command.data.mergerId,
      survivingZoneId,
      zones: decided.map(({ zoneId }, at) => ({
        zoneId,
        version: result.streams[at]?.nextExpectedVersion ?? 0,
      })),
      replayed: result.replayed,
    };
  }

  // The answer to a merger recorded before: the involved zones' versions now.
  private async replayed(
    merger: {
      readonly mergerId: string;
      readonly survivingZoneId: string;
      readonly absorbedZoneIds: readonly string[];
    },
    read: ReadonlyMap<string, ZoneStream>,
  ): Promise<MergerResult> {
    const zones = [];
    for (const zoneId of [merger.survivingZoneId, ...merger.absorbedZoneIds]) {
      const stream = read.get(zoneId) ?? (await this.streams.read(zoneId));
      zones.push({ zoneId, version: stream.version });
    }
    const { mergerId, survivingZoneId } = merger;
    return { mergerId, survivingZoneId, zones, replayed: true };
  }
}

// The merger is decided on the streams as read, so it is appended at the versions read: a caller
// who based it on other versions reads again, as for a change to one zone.
function recordedBy(stream: ZoneStream | undefined, mergerId: string): boolean {
  const state = stream?.state;
  return state?.registered === true && state.lineage.mergerIds.includes(mergerId);
}

function assertReadAsExpected(
  read: ReadonlyMap<string, ZoneStream>,
  expectedVersions: MergerRequest['expectedVersions'],
): void {
  for (const [zoneId, { version }] of read) {
    const expected = expectedVersions?.[zoneId];
    if (expected !== undefined && expected !== version) {
      throw new ConcurrencyConflictError(
        `zone ${zoneId} is at version ${version}, not ${expected}: read it again`,
        version,
      );
    }
  }
}

function streamRead(read: ReadonlyMap<string, ZoneStream>, zoneId: string): ZoneStream {
  const stream = read.get(zoneId);
  if (!stream) throw new Error(`the merger involves zone ${zoneId}, whose stream was not read`);
  return stream;
}

// A retry of a merger whose ids were generated would generate new ones and be refused (its zones
// are merged by now): the ZonesMerged the key recorded answers it instead.
function mergerAnswering(
  read: ReadonlyMap<string, ZoneStream>,
  context: CommandContext,
): ZonesMerged['data'] | undefined {
  for (const { events } of read.values()) {
    const recorded = eventsRecordedUnderKey(events, context).find(
      (event) => event.type === 'ZonesMerged',
    );
    if (recorded?.type === 'ZonesMerged') return recorded.data;
  }
  return undefined;
}

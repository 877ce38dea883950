import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ImportReportStore,
  mapInTurns,
  ProblemError,
  type ImportRowReport,
  type ImportSummary,
} from '@zoneledger/platform';
import { sameCalendarDate } from '@zoneledger/shared-kernel';
import { registerZone } from '../domain/zone.decider';
import { ZoneAlreadyRegisteredError, ZoneError } from '../domain/zone.errors';
import { evolve, initialState, type Zone } from '../domain/zone.state';
import { tidy } from '../domain/zone.rules';
import { RegisterZoneCommand, type ZoneRegistration } from './register-zone.handler';
import type { CommandContext } from './zone-command';
import {
  importedZoneId,
  importIdempotencyKey,
  isRejected,
  ZoneRegisteredOtherwiseError,
  type RejectedImportRow,
  type ZoneImportEntry,
  type ZoneImportRow,
} from './zone-import.model';
import { ZoneStreams } from './zone-streams';

/** How many rows are registered at once: enough to overlap round trips, few enough for the pool. */
export const IMPORT_CONCURRENCY = 8;

/**
 * Register many zones at once; each row is one RegisterZoneCommand with a key of its own. Answers
 * the summary of the import's report, stored with every row's outcome (ImportReportStore).
 */
export class ImportZonesCommand extends Command<ImportSummary> {
  constructor(
    readonly rows: readonly ZoneImportRow[],
    readonly context: Pick<CommandContext, 'actor' | 'correlationId'>,
  ) {
    super();
  }
}

type PlannedEntry = ZoneImportEntry & { readonly zoneId: string };
type Registered = 'created' | 'skipped';

/**
 * Sends every row through the same RegisterZoneCommand handler as POST /v1/zones, a few at a time.
 * A row imported before is answered by its idempotency key (skipped); a zone registered by other
 * means with the same data is skipped too; with other data the row is refused, because changing
 * a registered zone is a correction, not an import. A refused row does not stop the others; a
 * failure that is no refusal (the database gone) fails the import, and running it again is harmless.
 */
@CommandHandler(ImportZonesCommand)
export class ImportZonesHandler implements ICommandHandler<ImportZonesCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly streams: ZoneStreams,
    private readonly reports: ImportReportStore,
  ) {}

  async execute({ rows, context }: ImportZonesCommand): Promise<ImportSummary> {
    const outcomes: ImportRowReport[] = await mapInTurns(rows.filter(isRejected), rejectedRow);
    const planned = rows
      .filter((row): row is ZoneImportEntry => !isRejected(row))
      .map((entry) => ({
        ...entry,
        zoneId: entry.registration.zoneId ?? importedZoneId(entry.registration),
      }));
    const entries = firstOfEachZone(planned, outcomes);
    await forEachAtMost(IMPORT_CONCURRENCY, entries, async (entry) => {
      outcomes.push(await this.import(entry, context));
    });
    return this.reports.save(outcomes, context);
  }

  private async import(
    entry: PlannedEntry,
    context: ImportZonesCommand['context'],
  ): Promise<ImportRowReport> {
    const { row, zoneId, registration } = entry;
    try {
      const outcome = await this.register(entry, context);
      return { row, outcome, name: nameOf(registration), subjectId: zoneId };
    } catch (error) {
      if (!(error instanceof ZoneError || (error instanceof ProblemError && error.status < 500))) {
        throw error;
      }
      const name = nameOf(registration);
      return rejectedRow({ row, name, zoneId, code: error.code, detail: error.message });
    }
  }

  private async register(
    { zoneId, registration }: PlannedEntry,
    context: ImportZonesCommand['context'],
  ): Promise<Registered> {
    const idempotencyKey = importIdempotencyKey(zoneId, registration);
    try {
      const result = await this.commands.execute(
        new RegisterZoneCommand({ ...registration, zoneId }, { ...context, idempotencyKey }),
      );
      return result.replayed ? 'skipped' : 'created';
    } catch (error) {
      if (!(error instanceof ZoneAlreadyRegisteredError)) throw error;
      // Registered by another command: already recorded when the row would register it as it is.
      const { state } = await this.streams.read(zoneId);
      const differing = state.registered
        ? differences(state, registeredAs(zoneId, registration))
        : [];
      if (differing.length > 0) throw new ZoneRegisteredOtherwiseError(zoneId, differing);
      return 'skipped';
    }
  }
}

// A zone named twice in one import: the first row counts, the later ones are refused (run at
// once, they would race on the same stream).
function firstOfEachZone(
  entries: readonly PlannedEntry[],
  outcomes: ImportRowReport[],
): PlannedEntry[] {
  const firstRow = new Map<string, number>();
  return entries.filter((entry) => {
    const first = firstRow.get(entry.zoneId);
    if (first === undefined) {
      firstRow.set(entry.zoneId, entry.row);
      return true;
    }
    outcomes.push(
      rejectedRow({
        row: entry.row,
        name: nameOf(entry.registration),
        zoneId: entry.zoneId,
        code: 'ZONE_IMPORT.REPEATED_ZONE',
        detail: `row ${first} already imports zone ${entry.zoneId} (the same Chinese name at the same level)`,
      }),
    );
    return false;
  });
}

/** A refused row as the import's report keeps it, the zone id as its subject. */
function rejectedRow({ zoneId, errors, ...row }: RejectedImportRow): ImportRowReport {
  return {
    ...row,
    outcome: 'rejected',
    ...(zoneId === undefined ? {} : { subjectId: zoneId }),
    ...(errors === undefined ? {} : { errors, errorCount: errors.length }),
  };
}

// The zone the registration would record, folded as the register folds it: only to compare it
// with the zone as registered, so no namesakes (its names were checked when it was registered).
function registeredAs(zoneId: string, registration: ZoneRegistration): Zone {
  const command = { ...registration, zoneId, namesakes: [], now: new Date() };
  const events = registerZone({ type: 'RegisterZone', data: command }, initialState());
  const zone = events.reduce(evolve, initialState());
  if (!zone.registered) throw new Error(`registering ${zoneId} recorded no zone`);
  return zone;
}

const COMPARED = ['nameZh', 'nameEn', 'kind', 'level', 'province', 'city'] as const;

/** The registration fields in which the zone as it stands differs from the imported one. */
function differences(current: Zone, imported: Zone): string[] {
  const level = imported.level;
  return [
    ...COMPARED.filter((field) => current[field] !== imported[field]),
    ...(sameCalendarDate(current.approvals[level], imported.approvals[level])
      ? []
      : ['approvedOn']),
    ...(current.industryFocus.join('\n') === imported.industryFocus.join('\n')
      ? []
      : ['industryFocus']),
  ];
}

function nameOf(registration: ZoneRegistration): string {
  return tidy(registration.nameZh) || tidy(registration.nameEn);
}

/** Runs `work` on every item, at most `limit` at a time; rethrows the first failure at the end. */
async function forEachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    // After a failure the workers stop taking rows, so nothing runs on after the import answers.
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      await work(item).catch((error: unknown) => {
        failure ??= { error };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

import { createHash } from 'node:crypto';
import { ProblemError } from '@zoneledger/platform';
import { canonicalDate } from '@zoneledger/shared-kernel';
import { industryList, tidy } from '../domain/zone.rules';
import type { ZoneRegistration } from './register-zone.handler';

/** A row of an import the API could read: the registration it asks for. */
export interface ZoneImportEntry {
  /** Where it came from: the line of a CSV file, or the 1-based index in a JSON `zones` list. */
  readonly row: number;
  readonly registration: ZoneRegistration;
}

/** A row refused, before or by its registration, and why (the code is a stable problem code). */
export interface RejectedImportRow {
  readonly row: number;
  /** The zone's Chinese name as the row gives it (its English name when it gives none). */
  readonly name: string;
  readonly zoneId?: string;
  readonly code: string;
  readonly detail: string;
  /** Field errors, named as the row names them (CSV columns or JSON fields). */
  readonly errors?: readonly {
    readonly field: string;
    readonly code: string;
    readonly message: string;
  }[];
}

/** Each row of an import: an entry to register, or a row refused while reading it. */
export type ZoneImportRow = ZoneImportEntry | RejectedImportRow;

/**
 * The id an imported zone gets when the row names none: `zone-<level>-<hash>`, the hash being the
 * first 20 hex digits of the SHA-256 of its Chinese name (trimmed, whitespace collapsed, NFC).
 * Names are unique at a level, so the Chinese name and the level identify the zone, and importing
 * the row again yields the same id (e.g. `zone-national-…` for 苏州工业园区). The English name and the
 * rest of the row stay out of the id: they are transliterated, unverified and correctable.
 */
export function importedZoneId(registration: Pick<ZoneRegistration, 'nameZh' | 'level'>): string {
  const level = registration.level.replace('ZONE_LEVEL_', '').toLowerCase();
  const name = tidy(registration.nameZh).normalize('NFC');
  return `zone-${level}-${createHash('sha256').update(name).digest('hex').slice(0, 20)}`;
}

/**
 * The idempotency key of a row's registration: the zone id and a hash of everything it records,
 * so the same row imported again (from CSV or JSON alike) is answered by its first registration,
 * while a row with other data for the same zone is a different command.
 */
export function importIdempotencyKey(zoneId: string, registration: ZoneRegistration): string {
  const approved = registration.approvedOn && canonicalDate(registration.approvedOn);
  const recorded = [
    tidy(registration.nameZh),
    tidy(registration.nameEn),
    registration.kind,
    registration.level,
    tidy(registration.province),
    tidy(registration.city ?? ''),
    approved ? [approved.year, approved.month ?? 0, approved.day ?? 0] : null,
    industryList(registration.industryFocus),
  ];
  const digest = createHash('sha256').update(JSON.stringify(recorded)).digest('hex');
  return `zone-import:${zoneId}:${digest.slice(0, 24)}`;
}

/** True when the row was refused while it was read. */
export function isRejected(row: ZoneImportRow): row is RejectedImportRow {
  return 'code' in row;
}

/** The zone is registered with other data than the row's: a correction, which imports do not make. */
export class ZoneRegisteredOtherwiseError extends ProblemError {
  readonly code = 'ZONE.ALREADY_REGISTERED';
  readonly status = 409;

  constructor(
    readonly zoneId: string,
    readonly differing: readonly string[],
  ) {
    super(
      `zone ${zoneId} is already registered with another ${differing.join(', ')}: an import does not change a zone, a correction does`,
    );
  }
}

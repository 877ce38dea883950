import { truncatedText as bounded } from '../input/text-content';
import type { FieldError } from '../problems/request-errors';

/** What an import did with one row. */
export type ImportRowOutcome = 'created' | 'skipped' | 'rejected';

/** The outcomes a report's rows can be filtered by. */
export const IMPORT_ROW_OUTCOMES: readonly ImportRowOutcome[] = ['created', 'skipped', 'rejected'];

/** One row of an import and its outcome, as its report keeps it. */
export interface ImportRowReport {
  /** The row's line in a CSV file, or its 1-based index in a JSON list. */
  readonly row: number;
  readonly outcome: ImportRowOutcome;
  /** A name the row gives its subject, for people reading the report. */
  readonly name: string;
  /** The id of what the row created, skipped or would have created (a zone, a policy). */
  readonly subjectId?: string;
  /** A rejected row's stable problem code and why. */
  readonly code?: string;
  readonly detail?: string;
  /** A rejected row's first field errors, and how many it had in all. */
  readonly errors?: readonly FieldError[];
  readonly errorCount?: number;
}

/** An import's report as POST answers it and GET serves it: counts and the first refusals. */
export interface ImportSummary {
  readonly importId: string;
  readonly importedAt: Date;
  /** Who imported (the token's subject). */
  readonly actor: string;
  readonly rows: number;
  readonly created: number;
  readonly skipped: number;
  readonly rejected: number;
  /**
   * The first rejected rows in row order, at most IMPORT_SUMMARY_REJECTED_ROWS, with their
   * errorCount but not their field errors (the rows' pages have them): a summary stays small.
   */
  readonly firstRejected: readonly ImportRowReport[];
}

/** A page of an import's rows in row order. */
export interface ImportRowPage {
  readonly items: readonly ImportRowReport[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** Rejected rows an import's summary lists (about 20 KiB at most); the rest are paged. */
export const IMPORT_SUMMARY_REJECTED_ROWS = 20;
/** Field errors kept for a row; `errorCount` says how many there were. */
export const IMPORT_ROW_FIELD_ERRORS = 10;
/** The largest page of rows one request gets. */
export const IMPORT_ROWS_PAGE_MAX = 1000;

// Texts that come from rows may echo what the row holds: a report keeps only their beginning.
const NAME_CHARS = 200;
const DETAIL_CHARS = 500;
const FIELD_CHARS = 100;
const MESSAGE_CHARS = 300;

/**
 * The row as a report keeps it: at most 10 field errors (their count beside them) and names,
 * details and messages cut to a few hundred characters, so that no row's report is larger than
 * a few KiB whatever it held.
 */
export function boundedRowReport(row: ImportRowReport): ImportRowReport {
  const errors = row.errors ?? [];
  return {
    row: row.row,
    outcome: row.outcome,
    name: bounded(row.name, NAME_CHARS),
    ...(row.subjectId === undefined ? {} : { subjectId: bounded(row.subjectId, NAME_CHARS) }),
    ...(row.code === undefined ? {} : { code: bounded(row.code, FIELD_CHARS) }),
    ...(row.detail === undefined ? {} : { detail: bounded(row.detail, DETAIL_CHARS) }),
    ...(errors.length === 0
      ? {}
      : {
          errors: errors.slice(0, IMPORT_ROW_FIELD_ERRORS).map((error) => ({
            field: bounded(error.field, FIELD_CHARS),
            code: bounded(error.code, FIELD_CHARS),
            message: bounded(error.message, MESSAGE_CHARS),
          })),
          errorCount: row.errorCount ?? errors.length,
        }),
  };
}

/** The row as a summary lists it: without its field errors, which only its page shows. */
export function summaryRowReport({ errors: _errors, ...row }: ImportRowReport): ImportRowReport {
  return row;
}

// The text cut to `chars` UTF-16 units, an ellipsis marking the cut; no character is halved.

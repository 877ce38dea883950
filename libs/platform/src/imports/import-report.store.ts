import { mapInTurns } from './event-loop-turns';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { FieldError } from '../problems/request-errors';
import { ImportReportNotFoundError } from './import-errors';
import {
  boundedRowReport,
  IMPORT_SUMMARY_REJECTED_ROWS,
  summaryRowReport,
  type ImportRowOutcome,
  type ImportRowPage,
  type ImportRowReport,
  type ImportSummary,
} from './import-report.model';
import { IMPORT_REPORT_ROWS, IMPORT_REPORTS } from './import-reports.migration';

/** Rows written by one insert: a few hundred KiB of parameters at most. */
const ROWS_PER_INSERT = 1000;
/** How long reports are kept; older ones are deleted when a new one is stored. */
export const IMPORT_REPORT_RETENTION_DAYS = 30;

/** Who made an import, for its report. */
export interface ImportContext {
  readonly actor: string;
  readonly correlationId: string;
}

interface ReportRecord {
  import_id: string;
  imported_at: Date;
  actor: string;
  row_count: number;
  created: number;
  skipped: number;
  rejected: number;
}

interface RowRecord {
  row_no: number;
  outcome: ImportRowOutcome;
  name: string;
  subject_id: string | null;
  code: string | null;
  detail: string | null;
  errors: FieldError[] | null;
  error_count: number | null;
}

/**
 * Import reports in the service's schema (CreateImportReports): an import's counts and every row's
 * outcome, written once in one transaction, then read as a summary or page by page. Bounded
 * (boundedRowReport) before they are stored, so no page is large whatever the rows held.
 */
@Injectable()
export class ImportReportStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores an import's report under a new import id; answers its summary. */
  async save(rows: readonly ImportRowReport[], context: ImportContext): Promise<ImportSummary> {
    const importId = randomUUID();
    // 100,000 rows take a while to bound: in turns, so the service keeps answering meanwhile.
    const reports = (await mapInTurns(rows, boundedRowReport)).sort((a, b) => a.row - b.row);
    const count = (outcome: ImportRowOutcome) =>
      reports.filter((row) => row.outcome === outcome).length;
    const summary = {
      importId,
      importedAt: new Date(),
      actor: context.actor,
      rows: reports.length,
      created: count('created'),
      skipped: count('skipped'),
      rejected: count('rejected'),
      firstRejected: reports
        .filter((row) => row.outcome === 'rejected')
        .slice(0, IMPORT_SUMMARY_REJECTED_ROWS)
        .map(summaryRowReport),
    };
    await this.dataSource.transaction(async (transaction) => {
      await transaction.query(
        `insert into ${IMPORT_REPORTS}
           (import_id, imported_at, actor, correlation_id, row_count, created, skipped, rejected)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          importId,
          summary.importedAt,
          context.actor,
          context.correlationId,
          summary.rows,
          summary.created,
          summary.skipped,
          summary.rejected,
        ],
      );
      for (let at = 0; at < reports.length; at += ROWS_PER_INSERT) {
        await insertRows(transaction, importId, reports.slice(at, at + ROWS_PER_INSERT));
      }
      await transaction.query(
        `delete from ${IMPORT_REPORTS} where imported_at < now() - make_interval(days => $1)`,
        [IMPORT_REPORT_RETENTION_DAYS],
      );
    });
    return summary;
  }

  /** The summary of a stored import; ImportReportNotFoundError when none has the id. */
  async summary(importId: string): Promise<ImportSummary> {
    const report = await this.report(importId);
    const rejected = await this.rowsOf(importId, 'rejected', IMPORT_SUMMARY_REJECTED_ROWS, 0);
    return { ...summaryOf(report), firstRejected: rejected.map(summaryRowReport) };
  }

  /** One page of an import's rows in row order, of one outcome or all. */
  async rows(
    importId: string,
    filter: { readonly outcome?: ImportRowOutcome },
    page: { readonly limit: number; readonly offset: number },
  ): Promise<ImportRowPage> {
    const report = await this.report(importId);
    const total = filter.outcome === undefined ? report.row_count : report[filter.outcome];
    // A page past the end is empty, and needs no query.
    const items =
      page.offset >= total
        ? []
        : await this.rowsOf(importId, filter.outcome, page.limit, page.offset);
    return { items, total, ...page };
  }

  private async report(importId: string): Promise<ReportRecord> {
    const [report]: ReportRecord[] = await this.dataSource.query(
      `select import_id, imported_at, actor, row_count, created, skipped, rejected
       from ${IMPORT_REPORTS} where import_id = $1`,
      [importId],
    );
    if (!report) throw new ImportReportNotFoundError(importId);
    return report;
  }

  private async rowsOf(
    importId: string,
    outcome: ImportRowOutcome | undefined,
    limit: number,
    offset: number,
  ): Promise<ImportRowReport[]> {
    const rows: RowRecord[] = await this.dataSource.query(
      `select row_no, outcome, name, subject_id, code, detail, errors, error_count
       from ${IMPORT_REPORT_ROWS}
       where import_id = $1 and ($2::text is null or outcome = $2)
       order by row_no limit $3 offset $4`,
      [importId, outcome ?? null, limit, offset],
    );
    return rows.map(rowReportOf);
  }
}

// One multi-row insert from parallel arrays, one per column.
async function insertRows(
  transaction: EntityManager,
  importId: string,
  rows: readonly ImportRowReport[],
): Promise<void> {
  await transaction.query(
    `insert into ${IMPORT_REPORT_ROWS}
       (import_id, row_no, outcome, name, subject_id, code, detail, errors, error_count)
     select $1, * from unnest(
       $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
       $9::integer[])`,
    [
      importId,
      rows.map((row) => row.row),
      rows.map((row) => row.outcome),
      rows.map((row) => row.name),
      rows.map((row) => row.subjectId ?? null),
      rows.map((row) => row.code ?? null),
      rows.map((row) => row.detail ?? null),
      rows.map((row) => (row.errors ? JSON.stringify(row.errors) : null)),
      rows.map((row) => row.errorCount ?? null),
    ],
  );
}

function summaryOf(report: ReportRecord): Omit<ImportSummary, 'firstRejected'> {
  return {
    importId: report.import_id,
    importedAt: report.imported_at,
    actor: report.actor,
    rows: report.row_count,
    created: report.created,
    skipped: report.skipped,
    rejected: report.rejected,
  };
}

function rowReportOf(row: RowRecord): ImportRowReport {
  return {
    row: row.row_no,
    outcome: row.outcome,
    name: row.name,
    ...(row.subject_id === null ? {} : { subjectId: row.subject_id }),
    ...(row.code === null ? {} : { code: row.code }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.errors === null ? {} : { errors: row.errors }),
    ...(row.error_count === null ? {} : { errorCount: row.error_count }),
  };
}

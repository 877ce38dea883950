import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The table of a service's import reports: one row per import, its counts and who made it. */
export const IMPORT_REPORTS = 'import_reports';
/** The table of every row of every kept import report and its outcome. */
export const IMPORT_REPORT_ROWS = 'import_report_rows';

/**
 * The import report tables (see ImportReportStore), for a service's migrations: a report's rows
 * are deleted with it, and rows are read by import and outcome in row order.
 */
export class CreateImportReports1795970000000 implements MigrationInterface {
  readonly name = 'CreateImportReports1795970000000';

  async up(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query(`create table ${IMPORT_REPORTS} (
      import_id text primary key,
      imported_at timestamptz not null,
      actor text not null,
      correlation_id text not null,
      row_count integer not null,
      created integer not null,
      skipped integer not null,
      rejected integer not null
    )`);
    // Reports older than the retention period are deleted oldest first.
    await runner.query(
      `create index ${IMPORT_REPORTS}_imported_at on ${IMPORT_REPORTS} (imported_at)`,
    );
    await runner.query(`create table ${IMPORT_REPORT_ROWS} (
      import_id text not null references ${IMPORT_REPORTS} on delete cascade,
      row_no integer not null,
      outcome text not null check (outcome in ('created', 'skipped', 'rejected')),
      name text not null,
      subject_id text,
      code text,
      detail text,
      errors jsonb,
      error_count integer,
      primary key (import_id, row_no)
    )`);
    await runner.query(
      `create index ${IMPORT_REPORT_ROWS}_outcome on ${IMPORT_REPORT_ROWS} (import_id, outcome, row_no)`,
    );
  }

  async down(runner: Pick<QueryRunner, 'query'>): Promise<void> {
    await runner.query(`drop table ${IMPORT_REPORT_ROWS}`);
    await runner.query(`drop table ${IMPORT_REPORTS}`);
  }
}

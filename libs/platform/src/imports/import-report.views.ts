import { importReportLinks } from './import-report.dto';
import type { ImportRowPage, ImportRowReport, ImportSummary } from './import-report.model';

/** A row of an import's report as an API shows it: its subject under the name of its kind. */
export type ImportRowView<SubjectKey extends string> = Omit<ImportRowReport, 'subjectId'> & {
  readonly [Key in SubjectKey]?: string;
};

/** An import's summary as an API shows it: its rows name their subjects, and links to the rest. */
export type ImportSummaryView<SubjectKey extends string> = Omit<ImportSummary, 'firstRejected'> & {
  readonly firstRejected: readonly ImportRowView<SubjectKey>[];
  readonly links: ReturnType<typeof importReportLinks>;
};

/** A page of an import's rows as an API shows it. */
export type ImportRowPageView<SubjectKey extends string> = Omit<ImportRowPage, 'items'> & {
  readonly items: ImportRowView<SubjectKey>[];
};

/**
 * How an import endpoint at `path` shows its reports: each row's subject named `subjectKey`
 * (zoneId, policyId), the summary with links to its rows.
 */
export function importReportViews<SubjectKey extends string>(path: string, subjectKey: SubjectKey) {
  const row = ({ subjectId, ...rest }: ImportRowReport): ImportRowView<SubjectKey> =>
    (subjectId === undefined
      ? rest
      : { ...rest, [subjectKey]: subjectId }) as ImportRowView<SubjectKey>;
  return {
    row,
    summary: ({ firstRejected, ...summary }: ImportSummary): ImportSummaryView<SubjectKey> => ({
      ...summary,
      firstRejected: firstRejected.map(row),
      links: importReportLinks(path, summary.importId),
    }),
    page: (page: ImportRowPage): ImportRowPageView<SubjectKey> => ({
      ...page,
      items: page.items.map(row),
    }),
  };
}

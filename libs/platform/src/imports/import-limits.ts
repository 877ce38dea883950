/** How much one bulk import may hold; larger ones are refused whole, before any row is recorded. */
export interface ImportLimits {
  /** Rows after a CSV's header, or items of a JSON list. */
  readonly maxRows: number;
  /** Fields of any CSV record, the header included. */
  readonly maxColumns: number;
  /** Bytes (UTF-8) of field content in one CSV record; separators and quotes are not counted. */
  readonly maxRecordBytes: number;
}

/**
 * The platform's import limits: 100,000 rows (what a 32 MiB body holds at about 300 bytes a row),
 * 32 columns (an import names a few registration fields, not a spreadsheet's width) and 64 KiB of
 * content per record (a zone or a policy is a few hundred characters).
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 100_000,
  maxColumns: 32,
  maxRecordBytes: 64 * 1024,
};

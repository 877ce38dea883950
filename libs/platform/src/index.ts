export { Actor, Public, Roles } from './auth/auth.decorators';
export { AuthGuard } from './auth/auth.guard';
export { mintDevToken, type DevTokenRequest } from './auth/dev-token';
export { isRole, ROLES, type Principal, type Role } from './auth/principal';
export { TokenVerifier } from './auth/token-verifier';
export { bootstrapService, configureServiceApp } from './bootstrap';
export { ETagFromVersion, ETagInterceptor } from './concurrency/etag.interceptor';
export {
  IdempotencyKey,
  parseIdempotencyKey,
  type IdempotencyKeyOptions,
} from './concurrency/idempotency-key';
export { etagFor, IfMatch, parseIfMatch } from './concurrency/if-match';
export {
  ApiChangeHeaders,
  ApiIdempotencyKeyHeader,
  ChangeContext,
  type CommandContext,
} from './concurrency/command-context';
export {
  eventsRecordedUnderKey,
  idempotencyMetadata,
  idForNewAggregate,
} from './concurrency/idempotent-replay';
export { requestFingerprint } from './concurrency/request-fingerprint';
export {
  MAX_PAGE_OFFSET,
  Nested,
  NestedList,
  Optional,
  QueryDateTime,
  QueryInteger,
  Text,
  type OptionalOptions,
  type TextOptions,
} from './input/field.decorators';
export { PageQueryDto, pageOf } from './input/page-query.dto';
export { QueryDate, queryDayOf, type QueryDay } from './input/query-date';
export { parseRfc3339 } from './input/rfc3339';
export { forbiddenCharacterIn, forbiddenInLine } from './input/text-content';
export {
  BULK_JSON_SHAPE_LIMITS,
  DEFAULT_JSON_SHAPE_LIMITS,
  jsonShapeViolation,
  type JsonShapeLimits,
} from './input/json-body-shape';
export {
  ConfigError,
  DEFAULT_HTTP_BODY_LIMIT_BYTES,
  DEFAULT_RATE_LIMITS,
  loadServiceConfig,
  parseByteSize,
  SERVICE_ENV_VARS,
  type AuthConfig,
  type ServiceConfig,
  type ServiceDefaults,
} from './config/service-config';
export {
  migrateServiceSchema,
  openServiceDatabase,
  serviceDataSourceOptions,
  type ServiceDatabaseOptions,
} from './database/database';
export {
  CreateTrigramExtension1795965893848,
  trigramOperatorClass,
} from './database/trigram-extension.migration';
export {
  containing,
  readPage,
  type Page,
  type PagedSelect,
  type PageOf,
} from './database/paged-query';
export { ServiceNotReadyError } from './health/health.controller';
export { routeBodyLimits, type RouteBodyLimitSetting } from './http/route-body-limits';
export { CORRELATION_HEADER } from './logging/logging';
export { Metrics, type CommandOutcome } from './metrics/metrics';
export { ApiProblemResponses } from './openapi/api-problem-responses.decorator';
export { FieldErrorSchema, ProblemDetailsSchema } from './openapi/problem-details.schema';
export { BEARER_SCHEME, type ServiceDescription } from './openapi/service-document';
export { PlatformModule, type PlatformOptions } from './platform.module';
export {
  ConcurrencyConflictError,
  DomainError,
  ProblemError,
  type DomainErrorStatus,
} from './problems/problem-error';
export { PROBLEM_JSON, problemTypeFor, type ProblemDetails } from './problems/problem-details';
export { problemFor, type ErrorMapping, type ProblemContext } from './problems/problem-mapping';
export {
  BodyTooLargeError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidHeaderError,
  MalformedJsonError,
  MalformedUrlError,
  MAX_LISTED_FIELD_ERRORS,
  TooManyRequestsError,
  UnacceptableBodyError,
  UnauthenticatedError,
  UnreadableBodyError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
  type FieldError,
} from './problems/request-errors';
export { fieldErrorsOf } from './problems/validation';
export { EVENT_STORE, KAFKA, SERVICE_CONFIG, SERVICE_ENV } from './tokens';
export { projectionsRunner, type TopicOf } from './event-sourcing/projections-runner';
export { OutboxRelayService, postgresPool } from './event-sourcing/outbox-relay.service';
export {
  ProjectionHost,
  type HostedProjectionStatus,
  type ProjectionRebuildStatus,
} from './event-sourcing/projection-host';
export {
  NoRebuildError,
  ProjectionRebuildRunningError,
  ServiceStoppingError,
  UnknownProjectionError,
} from './event-sourcing/projection-errors';
export { readCsvImport, type CsvImportRecord } from './imports/csv-import.reader';
export { mapInTurns } from './imports/event-loop-turns';
export {
  ImportControlCharacterError,
  ImportRecordTooLargeError,
  ImportReportNotFoundError,
  ImportTooManyColumnsError,
  ImportTooManyRowsError,
  MalformedCsvError,
} from './imports/import-errors';
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './imports/import-limits';
export {
  IMPORT_SUMMARY_DESCRIPTION,
  ImportReportLinksDto,
  importReportLinks,
  ImportRowDto,
  ImportRowPageDto,
  ImportRowsQueryDto,
  ImportSummaryDto,
} from './imports/import-report.dto';
export {
  boundedRowReport,
  IMPORT_ROW_FIELD_ERRORS,
  IMPORT_ROW_OUTCOMES,
  IMPORT_ROWS_PAGE_MAX,
  IMPORT_SUMMARY_REJECTED_ROWS,
  type ImportRowOutcome,
  type ImportRowPage,
  type ImportRowReport,
  type ImportSummary,
} from './imports/import-report.model';
export {
  IMPORT_REPORT_RETENTION_DAYS,
  ImportReportStore,
  type ImportContext,
} from './imports/import-report.store';
export { CreateImportReports1795970000000 } from './imports/import-reports.migration';
export {
  commandMetadata,
  DeciderStreams,
  type DecidedStream,
  type StreamAppend,
  type StreamCommandOutcome,
  type StreamDecider,
} from './event-sourcing/decider-streams';
export {
  domainErrorMappings,
  STATUS_BY_ERROR_KIND,
  type DomainErrorKind,
} from './problems/domain-error-mappings';
export { CalendarDateDto } from './input/calendar-date.dto';
export { CorrelationId, correlationIdOf } from './http/correlation-id.decorator';
export { ApiVersionedResponse } from './openapi/api-versioned-response.decorator';
export { streamHistory, type StreamHistoryEntry } from './event-sourcing/stream-history';
export {
  importReportViews,
  type ImportRowPageView,
  type ImportRowView,
  type ImportSummaryView,
} from './imports/import-report.views';
export {
  importReportsController,
  type ImportReportsOptions,
} from './imports/import-reports.controller';
export { CommandEndpoint, type CommandEndpointOptions } from './openapi/command-endpoint.decorator';

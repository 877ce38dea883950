export {
  deciderSpec,
  fold,
  multiStreamSpec,
  recordedBy,
  type Decider,
  type MultiStreamDecider,
  type Outcome,
  type SameKeys,
} from './decider-spec';
export { eventually, type EventuallyOptions } from './eventually';
export {
  provideDatabase,
  provideKafka,
  providePostgres,
  runId,
  stopKafka,
  workspaceRoot,
} from './infrastructure';
export { testIds, type TestIds } from './test-ids';
export { startDedicatedKafka, type DedicatedKafka } from './dedicated-kafka';
export { eventCounter, type EventCounter } from './fuzz/event-count';
export { fuzzProfileFromEnv, QUICK_FUZZ_SEED, type FuzzProfile } from './fuzz/fuzz-profile';
export { summariseFuzzReport } from './fuzz/fuzz-report.summary';
export { conventionalRoles, FUZZ_SERVICE_ENV, fuzzWithSummary } from './fuzz/fuzz-spec';
export { fuzzService, type FuzzReport } from './fuzz/fuzz-runner';
export type { FuzzOptions, FuzzTarget } from './fuzz/fuzz-target';
export type { ClassTally, FuzzViolation } from './fuzz/fuzz-violation';
export type { ViolationKind } from './fuzz/fuzz-invariants';
export type { Expectation, FuzzCase, FuzzRequest, RequestClass } from './fuzz/fuzz-request';
export type { JsonSchema, OpenApiDocument } from './fuzz/openapi-document';
export {
  readOperations,
  type FuzzOperation,
  type FuzzParameter,
} from './fuzz/openapi-operations.reader';
export { requestClassesFor } from './fuzz/request-classes';
export { validValue, type ValueHints } from './fuzz/schema-values.arbitrary';
export { validParts, type RequestContext } from './fuzz/valid-requests.arbitrary';
export { holdEveryConnection } from './held-pool';
export { dropTestSchema } from './test-schema';
export { deleteTestTopics } from './test-topics';
export { apiCaller, type ApiCall } from './api-caller';

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

import {
  CreateImportReports1795970000000,
  CreateTrigramExtension1795965893848,
} from '@zoneledger/platform';
import { CreatePolicyDocumentNumbers1796000000000 } from './policy-document-numbers.migration';

/** The policy-registry schema's migrations, oldest first. */
export const PolicyRegistryMigrations: Function[] = [
  CreateTrigramExtension1795965893848,
  CreateImportReports1795970000000,
  CreatePolicyDocumentNumbers1796000000000,
];

// Shared with the policy-registry, whose policy search indexes need pg_trgm too.
export { CreateTrigramExtension1795965893848 } from '@zoneledger/platform';

import { ROLES } from '@zoneledger/platform';
import {
  conventionalRoles,
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { policyIssuance } from './policy-bodies';
import { startPolicyRegistry, type PolicyRegistryUnderTest } from './policy-registry.harness';
import { zoneRegistered } from '@zoneledger/service-testing';

// The promise, checked from the OpenAPI document: every malformed request is refused with
// a small problem+json 4xx and records nothing, nothing answers 5xx or stalls the event loop, and
// the service is healthy afterwards. FUZZ_PROFILE=full (npm run fuzz) sends thousands of requests
// from a printed seed; FUZZ_SEED and FUZZ_ONLY replay a reported violation; FUZZ_REPORT=<file>
// keeps the whole report as JSON.
const profile = fuzzProfileFromEnv();

// Reads are open to every role; writes need policy-admin; /v1/admin needs ops.
const rolesOf = conventionalRoles('policy-admin', ROLES);

describe(`policy registry under the ${profile.name} fuzz (seed ${profile.seed})`, () => {
  let registry: PolicyRegistryUnderTest;
  let events: EventCounter;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policies_fuzz', FUZZ_SERVICE_ENV);
    events = eventCounter(process.env.DATABASE_URL ?? '', registry.schema);
  });
  afterAll(async () => {
    await events?.close();
    await registry?.stop();
  });

  it(
    'refuses every malformed request with a small problem+json, records nothing for it, never stalls',
    async () => {
      // Zones and policies to aim valid requests at.
      const zoneIds = [0, 1, 2].map((index) => `fuzz${index}-${registry.id}`);
      await registry.publishZones(zoneIds.map((zoneId) => zoneRegistered({ zoneId })));
      await registry.zonesKnown(Object.fromEntries(zoneIds.map((zoneId) => [zoneId, 1])));
      const policyIds: string[] = [];
      for (const index of [0, 1, 2, 3]) {
        const policy = policyIssuance(registry, `fuzz${index}`, {
          measures: [{ text: '授予审批权', grantsPower: 'approve' }],
          scope: { zoneKinds: ['ZONE_KIND_ETDZ'] },
        });
        const answer = await registry.call('POST', '/v1/policies', policy);
        expect(answer.status).toBe(201);
        policyIds.push(policy.policyId);
      }

      const { report, summary } = await fuzzWithSummary(
        'policy-registry',
        {
          baseUrl: registry.baseUrl,
          tokens: registry.tokens,
          rolesOf,
          hints: { knownValues: { policyId: policyIds, zoneId: zoneIds } },
          reportsRefusedItems: ['POST /v1/policies/imports'],
          countRecords: () => events.count(),
        },
        profile,
      );

      expect(report.operations).toBeGreaterThanOrEqual(10);
      // Valid requests reach real policies: some are accepted (others meet the registry's rules).
      expect(report.classes.valid.accepted).toBeGreaterThan(0);
      expect(report.violations.length === 0 ? 'no violations' : summary).toBe('no violations');
    },
    profile.testTimeoutMs,
  );
});

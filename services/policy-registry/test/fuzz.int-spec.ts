import { mintDevToken, ROLES, type Role } from '@zoneledger/platform';
import {
  conventionalRoles,
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { randomBytes } from 'node:crypto';
import { EVENT_STORE } from '@zoneledger/platform';
import type { PostgresEventStore } from '@zoneledger/event-store';
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
  const secret = randomBytes(24).toString('hex');
  let registry: PolicyRegistryUnderTest;
  let events: EventCounter;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    registry = await startPolicyRegistry('policies_fuzz', {
      AUTH_JWT_SECRET: secret,
      ...FUZZ_SERVICE_ENV,
    });
    const entries = await Promise.all(
      ROLES.map(async (role) => [
        role,
        await mintDevToken({ secret, sub: `fuzz-${role}`, roles: [role] }),
      ]),
    );
    tokens = Object.fromEntries(entries) as Record<Role, string>;
    const schema = registry.app.get<PostgresEventStore>(EVENT_STORE).schema;
    if (schema === undefined)
      throw new Error('the policy registry under test has no schema of its own');
    events = eventCounter(process.env.DATABASE_URL ?? '', schema);
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
        const answer = await registry.call('POST', '/v1/policies', policy, {
          authorization: `Bearer ${tokens['policy-admin']}`,
        });
        expect(answer.status).toBe(201);
        policyIds.push(policy.policyId);
      }

      const { report, summary } = await fuzzWithSummary(
        'policy-registry',
        {
          baseUrl: registry.baseUrl,
          tokens,
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

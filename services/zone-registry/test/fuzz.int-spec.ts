import type { PostgresEventStore } from '@zoneledger/event-store';
import { EVENT_STORE, mintDevToken, ROLES, type Role } from '@zoneledger/platform';
import {
  conventionalRoles,
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { randomBytes } from 'node:crypto';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

// The promise, checked from the OpenAPI document: every malformed request is refused with
// a small problem+json 4xx and records nothing, nothing answers 5xx or stalls the event loop, and
// the service is healthy afterwards. FUZZ_PROFILE=full (npm run fuzz) sends thousands of requests
// from a printed seed; FUZZ_SEED and FUZZ_ONLY replay a reported violation; FUZZ_REPORT=<file>
// keeps the whole report as JSON.
const profile = fuzzProfileFromEnv();

// Reads are open to every role; writes need zone-admin; /v1/admin needs ops (see the controllers).
const rolesOf = conventionalRoles('zone-admin', ROLES);

describe(`zone registry under the ${profile.name} fuzz (seed ${profile.seed})`, () => {
  const secret = randomBytes(24).toString('hex');
  let registry: ZoneRegistryUnderTest;
  let events: EventCounter;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    registry = await startZoneRegistry('zones_fuzz', {
      AUTH_JWT_SECRET: secret,
      ...FUZZ_SERVICE_ENV,
    });
    const mint = (role: Role) => mintDevToken({ secret, sub: `fuzz-${role}`, roles: [role] });
    tokens = {
      'zone-admin': await mint('zone-admin'),
      analyst: await mint('analyst'),
      ops: await mint('ops'),
      'policy-admin': await mint('policy-admin'),
      assessor: await mint('assessor'),
    };
    const schema = registry.app.get<PostgresEventStore>(EVENT_STORE).schema;
    if (schema === undefined)
      throw new Error('the zone registry under test has no schema of its own');
    events = eventCounter(process.env.DATABASE_URL ?? '', schema);
  });
  afterAll(async () => {
    await events?.close();
    await registry?.stop();
  });

  it(
    'refuses every malformed request with a small problem+json, records nothing for it, never stalls',
    async () => {
      // Zones to aim valid requests at: national and provincial, so upgrades and downgrades can apply.
      const zoneIds: string[] = [];
      for (const [index, level] of ['ZONE_LEVEL_NATIONAL', 'ZONE_LEVEL_PROVINCIAL']
        .flatMap((l) => [l, l, l, l])
        .entries()) {
        const zone = zoneRegistration(registry, `fuzz${index}`, { level });
        const answer = await registry.call('POST', '/v1/zones', zone, {
          authorization: `Bearer ${tokens['zone-admin']}`,
        });
        expect(answer.status).toBe(201);
        zoneIds.push(zone.zoneId);
      }

      const { report, summary } = await fuzzWithSummary(
        'zone-registry',
        {
          baseUrl: await registry.app.getUrl(),
          tokens,
          rolesOf,
          hints: { knownValues: { zoneId: zoneIds } },
          reportsRefusedItems: ['POST /v1/zones/imports'],
          countRecords: () => events.count(),
        },
        profile,
      );

      expect(report.operations).toBeGreaterThanOrEqual(19);
      // Valid requests reach real zones: some are accepted (others meet the register's rules).
      expect(report.classes.valid.accepted).toBeGreaterThan(0);
      // The count the fuzz compares is live: accepted commands added events to the registrations.
      expect(await events.count()).toBeGreaterThan(zoneIds.length);
      expect(report.violations.length === 0 ? 'no violations' : summary).toBe('no violations');
    },
    profile.testTimeoutMs,
  );
});

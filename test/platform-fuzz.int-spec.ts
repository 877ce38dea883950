import { CqrsModule } from '@nestjs/cqrs';
import {
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@zoneledger/service-testing';

// The notifier serves, so far, only what the platform gives every service (health, metrics, the
// operators' projection API): PlatformModule and the CQRS buses, as its app module is. This
// fuzzes that surface; a service that gains endpoints gets a fuzz spec of its own (as
// services/zone-registry, policy-registry and assessment-engine have under test/).
const profile = fuzzProfileFromEnv();

describe.each(['notifier'])(
  `%s's platform surface under the ${profile.name} fuzz (seed ${profile.seed})`,
  (service) => {
    let running: ServiceUnderTest;
    let events: EventCounter;

    beforeAll(async () => {
      running = await startServiceUnderTest({
        service,
        migrations: [],
        imports: [CqrsModule.forRoot()],
        env: FUZZ_SERVICE_ENV,
      });
      events = eventCounter(process.env.DATABASE_URL ?? '', running.schema);
    });
    afterAll(async () => {
      await events?.close();
      await running?.stop();
    });

    it(
      'refuses every malformed request with a small problem+json, records nothing, never stalls',
      async () => {
        const { report, summary } = await fuzzWithSummary(
          service,
          {
            baseUrl: running.baseUrl,
            tokens: running.tokens,
            // The projection API is the operators': /v1/admin needs ops.
            rolesOf: (operation) => (operation.path.startsWith('/v1/admin/') ? ['ops'] : undefined),
            countRecords: () => events.count(),
          },
          profile,
        );
        expect(report.operations).toBeGreaterThanOrEqual(3);
        expect(report.violations.length === 0 ? 'no violations' : summary).toBe('no violations');
      },
      profile.testTimeoutMs,
    );
  },
);

import {
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

// As every service's fuzz spec: every malformed request is refused with a small problem+json 4xx
// and records nothing, nothing answers 5xx or stalls, and the service is healthy afterwards.
// FUZZ_PROFILE=full (npm run fuzz) sends thousands of requests from a printed seed.
const profile = fuzzProfileFromEnv();

// Subscriptions are analysts' and ops' (reads too: an analyst reads their own); /v1/admin is ops'.
const rolesOf = (operation: { readonly path: string }) =>
  operation.path.startsWith('/v1/admin/') ? ['ops'] : ['analyst', 'ops'];

describe(`notifier under the ${profile.name} fuzz (seed ${profile.seed})`, () => {
  let notifier: NotifierUnderTest;
  let events: EventCounter;

  beforeAll(async () => {
    notifier = await startNotifier({
      ...FUZZ_SERVICE_ENV,
      NOTIFIER_ALLOW_HTTP: 'true',
      NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32',
    });
    events = eventCounter(process.env.DATABASE_URL ?? '', notifier.schema);
  });
  afterAll(async () => {
    await events?.close();
    await notifier?.stop();
  });

  it(
    'refuses every malformed request with a small problem+json, records nothing for it, never stalls',
    async () => {
      // Subscriptions to aim valid requests at: a webhook, a stream and an e-mail one, the
      // analyst's (the fuzz calls with its tokens).
      const subscribe = async (channel: unknown) => {
        const response = await notifier.as('analyst')('POST', '/v1/subscriptions', {
          filter: { eventTypes: ['ZoneRegistered'] },
          channel,
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { subscriptionId: string }).subscriptionId;
      };
      const subscriptionIds = [
        await subscribe({ kind: 'CHANNEL_KIND_WEBHOOK', url: 'http://127.0.0.1:9/hook' }),
        await subscribe({ kind: 'CHANNEL_KIND_SSE' }),
        await subscribe({ kind: 'CHANNEL_KIND_EMAIL', address: 'fuzz@example.com' }),
      ];
      const recordedBefore = await events.count();

      const { report, summary } = await fuzzWithSummary(
        'notifier',
        {
          baseUrl: notifier.baseUrl,
          tokens: notifier.tokens,
          rolesOf,
          hints: { knownValues: { subscriptionId: subscriptionIds } },
          countRecords: () => events.count(),
        },
        profile,
      );

      expect(report.operations).toBeGreaterThanOrEqual(8);
      expect(report.classes.valid.accepted).toBeGreaterThan(0);
      expect(recordedBefore).toBeGreaterThanOrEqual(subscriptionIds.length);
      expect(report.violations.length === 0 ? 'no violations' : summary).toBe('no violations');
    },
    profile.testTimeoutMs,
  );
});

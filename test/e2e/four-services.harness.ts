import { startSystem, type SystemUnderTest } from '../system.harness';

/** The four services of ZoneLedger. */
export type Service = 'zone-registry' | 'policy-registry' | 'assessment-engine' | 'notifier';

/**
 * The four services as processes (startSystem), with a token holding every role the stories
 * use, and the notifier allowed to deliver to a receiver on 127.0.0.1 over plain http: the
 * development setting `npm run up` uses, for these tests only.
 */
export function startFourServices(label: string): Promise<SystemUnderTest<Service>> {
  return startSystem(
    label,
    ['zone-registry', 'policy-registry', 'assessment-engine', 'notifier'],
    ['zone-admin', 'policy-admin', 'assessor', 'analyst'],
    {
      env: {
        notifier: { NOTIFIER_ALLOW_HTTP: 'true', NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32' },
      },
      // Some 20 s on a quiet machine; minutes when the two cores are busy with other work.
      readyTimeoutMs: 240_000,
    },
  );
}

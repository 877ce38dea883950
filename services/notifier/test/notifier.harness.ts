import { mintDevToken, ROLES, type Role } from '@zoneledger/platform';
import { startServiceUnderTest, type ServiceUnderTest } from '@zoneledger/service-testing';
import { apiCaller, type ApiCall } from '@zoneledger/testing';
import { randomBytes } from 'node:crypto';
import { NOTIFIER_ERROR_MAPPINGS } from '../src/api/notifier-error-mappings';
import { NotifierModule } from '../src/app.module';
import { systemLookup, type HostLookup } from '../src/application/endpoint-addresses';
import { NotifierMigrations } from '../src/migrations';

/** A running notifier of its own (schema, topics), with its secret key. */
export interface NotifierUnderTest extends ServiceUnderTest {
  /** NOTIFIER_SECRET_KEY, decoded: what opens its stored webhook secrets. */
  readonly secretKey: Buffer;
  /** Calls the API as a caller of this subject holding these roles. */
  caller(subject: string, ...roles: Role[]): Promise<ApiCall>;
  /**
   * Closes this notifier and starts another on its schema and topics, with its keys and
   * environment (as a restarted process would be); this one must not be used after.
   */
  restart(): Promise<NotifierUnderTest>;
}

/**
 * Host names the tests resolve without DNS (any other name goes to the system resolver): one
 * pointing at loopback and one at a private network, as an attacker's DNS would. A test may add
 * names, and change what one resolves to (DNS rebinding).
 */
export const TEST_HOSTS: Record<string, readonly string[]> = {
  'loopback.zoneledger.test': ['127.0.0.1'],
  'private.zoneledger.test': ['93.184.216.34', '10.0.0.7'],
  'public.zoneledger.test': ['93.184.216.34'],
};

const testLookup: HostLookup = async (host) =>
  TEST_HOSTS[host] ? TEST_HOSTS[host].map((address) => ({ address })) : systemLookup(host);

/**
 * Starts the notifier in-process on a fresh schema and topic prefix, as main.ts would, with a
 * fresh NOTIFIER_SECRET_KEY and the test host names; `env` over that (e.g. the allow-list).
 */
export async function startNotifier(
  env: Record<string, string> = {},
  restartOf?: { notifier: ServiceUnderTest; secretKey: Buffer; jwtSecret: string },
): Promise<NotifierUnderTest> {
  const secretKey = restartOf?.secretKey ?? randomBytes(32);
  const jwtSecret = restartOf?.jwtSecret ?? randomBytes(24).toString('hex');
  const notifier = await startServiceUnderTest({
    ...(restartOf ? { restartOf: restartOf.notifier } : {}),
    service: 'notifier',
    migrations: NotifierMigrations,
    imports: [NotifierModule.forRoot({ lookup: testLookup })],
    errorMappings: NOTIFIER_ERROR_MAPPINGS,
    env: {
      AUTH_JWT_SECRET: jwtSecret,
      NOTIFIER_SECRET_KEY: secretKey.toString('base64'),
      ...env,
    },
  });
  // The service verifies tokens with the secret given here: the tokens are minted with it too.
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES)
    tokens[role] = await mintDevToken({
      secret: jwtSecret,
      sub: `${role}-${notifier.id}`,
      roles: [role],
    });
  return {
    ...notifier,
    tokens,
    as: (role) => apiCaller(notifier.baseUrl, tokens[role]),
    secretKey,
    async caller(subject, ...roles) {
      const token = await mintDevToken({
        secret: jwtSecret,
        sub: `${subject}-${notifier.id}`,
        roles,
      });
      return apiCaller(notifier.baseUrl, token);
    },
    async restart() {
      await notifier.close();
      return startNotifier(env, { notifier, secretKey, jwtSecret });
    },
  };
}

import { ConfigError, loadServiceConfig, parseByteSize } from './service-config';

const defaults = { service: 'zone-registry', port: 3101, databaseSchema: 'zone_registry' };
const devAuth = { AUTH_JWT_SECRET: 'zoneledger-dev-secret' };

function problemsOf(attempt: () => unknown): readonly string[] {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadServiceConfig', () => {
  it('applies the service defaults to an environment that only names the token secret', () => {
    expect(loadServiceConfig(devAuth, defaults)).toEqual({
      service: 'zone-registry',
      port: 3101,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/zoneledger',
      databaseSchema: 'zone_registry',
      kafkaBrokers: ['127.0.0.1:9092'],
      kafkaTopics: { partitions: 3, replicationFactor: 1 },
      topicPrefix: '',
      logLevel: 'info',
      httpBodyLimitBytes: 1024 * 1024,
      httpKeepAliveTimeoutSeconds: 65,
      auth: { issuer: 'zoneledger', audience: 'zoneledger', jwtSecret: 'zoneledger-dev-secret' },
      rateLimits: { perToken: 6000, perAddress: 12000, windowSeconds: 60 },
      backgroundWork: { relay: true, projections: true },
      backgroundThreadWork: { relay: false, projections: false },
    });
  });

  it('reads every variable from the environment', () => {
    const config = loadServiceConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgresql://zl@db:5432/zl',
        DATABASE_SCHEMA: 'zones_test',
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        TOPIC_PREFIX: 'run-1.',
        LOG_LEVEL: 'debug',
        HTTP_BODY_LIMIT: '2mb',
        HTTP_KEEP_ALIVE_TIMEOUT: '120',
        AUTH_JWKS_URL: 'https://id.example.cn/.well-known/jwks.json',
        AUTH_ISSUER: 'https://id.example.cn',
        AUTH_AUDIENCE: 'zoneledger-api',
      },
      defaults,
    );
    expect(config.port).toBe(8080);
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.databaseSchema).toBe('zones_test');
    expect(config.topicPrefix).toBe('run-1.');
    expect(config.httpBodyLimitBytes).toBe(2 * 1024 * 1024);
    expect(config.httpKeepAliveTimeoutSeconds).toBe(120);
    expect(config.auth).toEqual({
      issuer: 'https://id.example.cn',
      audience: 'zoneledger-api',
      jwksUrl: 'https://id.example.cn/.well-known/jwks.json',
    });
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf(() =>
      loadServiceConfig(
        {
          ...devAuth,
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x',
          KAFKA_BROKERS: 'nohost',
          LOG_LEVEL: 'loud',
          HTTP_BODY_LIMIT: 'huge',
          HTTP_KEEP_ALIVE_TIMEOUT: '0',
        },
        defaults,
      ),
    );
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(
      /PORT.*DATABASE_URL.*KAFKA_BROKERS.*LOG_LEVEL.*HTTP_BODY_LIMIT.*HTTP_KEEP_ALIVE_TIMEOUT must be a positive integer/s,
    );
  });

  it('rejects a schema name that is not a plain SQL identifier', () => {
    expect(() =>
      loadServiceConfig({ ...devAuth, DATABASE_SCHEMA: 'zones; drop table x' }, defaults),
    ).toThrow(/DATABASE_SCHEMA/);
  });

  it('refuses to start without a way to verify tokens', () => {
    expect(problemsOf(() => loadServiceConfig({}, defaults))).toEqual([
      expect.stringMatching(/AUTH_JWT_SECRET .*or AUTH_JWKS_URL must be set/),
    ]);
  });

  it('refuses a short secret, both verifiers at once, and a JWKS address that is no URL', () => {
    expect(problemsOf(() => loadServiceConfig({ AUTH_JWT_SECRET: 'short' }, defaults))).toEqual([
      expect.stringMatching(/at least 16 characters/),
    ]);
    expect(
      problemsOf(() =>
        loadServiceConfig({ ...devAuth, AUTH_JWKS_URL: 'https://id.example.cn/jwks' }, defaults),
      ),
    ).toEqual([expect.stringMatching(/only one of/)]);
    expect(problemsOf(() => loadServiceConfig({ AUTH_JWKS_URL: 'ftp://x' }, defaults))).toEqual([
      expect.stringMatching(/AUTH_JWKS_URL must be an http\(s\) URL/),
    ]);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['512kb', 512 * 1024],
    ['2MB', 2 * 1024 * 1024],
    [' 10 b ', 10],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', '0', '-1', '1.5mb', '1gb', 'lots'])('rejects %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('topic settings', () => {
  const withSecret = { AUTH_JWT_SECRET: 'a-secret-of-sixteen+' };

  it('reads the partitions and replication factor of the domain topics', () => {
    const config = loadServiceConfig(
      { ...withSecret, KAFKA_TOPIC_PARTITIONS: '12', KAFKA_REPLICATION_FACTOR: '3' },
      { service: 'zone-registry', port: 3101, databaseSchema: 'zone_registry' },
    );
    expect(config.kafkaTopics).toEqual({ partitions: 12, replicationFactor: 3 });
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() =>
      loadServiceConfig(
        { ...withSecret, KAFKA_TOPIC_PARTITIONS: '0' },
        { service: 'zone-registry', port: 3101, databaseSchema: 'zone_registry' },
      ),
    ).toThrow(/KAFKA_TOPIC_PARTITIONS must be a positive integer/);
  });

  it('reads the rate limits, where 0 turns one off', () => {
    const config = loadServiceConfig(
      {
        ...withSecret,
        RATE_LIMIT_PER_TOKEN: '0',
        RATE_LIMIT_PER_ADDRESS: '50',
        RATE_LIMIT_WINDOW: '10',
      },
      { service: 'zone-registry', port: 3101, databaseSchema: 'zone_registry' },
    );
    expect(config.rateLimits).toEqual({ perToken: 0, perAddress: 50, windowSeconds: 10 });
  });

  it('refuses rate limits that are not whole numbers, and a window of 0', () => {
    const problems = problemsOf(() =>
      loadServiceConfig(
        {
          ...withSecret,
          RATE_LIMIT_PER_TOKEN: '1e3',
          RATE_LIMIT_PER_ADDRESS: '-1',
          RATE_LIMIT_WINDOW: '0',
        },
        { service: 'zone-registry', port: 3101, databaseSchema: 'zone_registry' },
      ),
    );
    expect(problems.join('\n')).toMatch(
      /RATE_LIMIT_PER_TOKEN.*RATE_LIMIT_PER_ADDRESS.*RATE_LIMIT_WINDOW/s,
    );
  });
});

describe('background work (BACKGROUND_WORK)', () => {
  const work = (value: string) =>
    loadServiceConfig({ ...devAuth, BACKGROUND_WORK: value }, defaults).backgroundWork;

  it('runs the relay and the projections unless told otherwise', () => {
    expect(loadServiceConfig(devAuth, defaults).backgroundWork).toEqual({
      relay: true,
      projections: true,
    });
    expect(work('relay,projections')).toEqual({ relay: true, projections: true });
  });

  it('runs either alone, or neither for a process that only answers HTTP', () => {
    expect(work('relay')).toEqual({ relay: true, projections: false });
    expect(work(' projections ')).toEqual({ relay: false, projections: true });
    expect(work('none')).toEqual({ relay: false, projections: false });
  });

  it('refuses anything else, naming what it takes', () => {
    for (const value of ['', 'relay,,projections', 'http', 'none,relay', 'Relay'])
      expect(
        problemsOf(() => loadServiceConfig({ ...devAuth, BACKGROUND_WORK: value }, defaults)),
      ).toEqual([
        `BACKGROUND_WORK must be "none" or a comma-separated list of relay, projections, got "${value}"`,
      ]);
  });
});

describe('background work on a thread of its own (BACKGROUND_THREAD)', () => {
  const config = (env: Record<string, string>) =>
    loadServiceConfig({ ...devAuth, ...env }, defaults);

  it('keeps the background work on the main thread unless told otherwise', () => {
    for (const env of [{}, { BACKGROUND_THREAD: 'false' }] as Record<string, string>[])
      expect(config(env)).toMatchObject({
        backgroundWork: { relay: true, projections: true },
        backgroundThreadWork: { relay: false, projections: false },
      });
  });

  it('hands the main thread’s background work to the thread', () => {
    expect(config({ BACKGROUND_THREAD: 'true' })).toMatchObject({
      backgroundWork: { relay: false, projections: false },
      backgroundThreadWork: { relay: true, projections: true },
    });
    expect(config({ BACKGROUND_THREAD: 'true', BACKGROUND_WORK: 'projections' })).toMatchObject({
      backgroundWork: { relay: false, projections: false },
      backgroundThreadWork: { relay: false, projections: true },
    });
  });

  it('starts no thread for a process with no background work', () => {
    expect(config({ BACKGROUND_THREAD: 'true', BACKGROUND_WORK: 'none' })).toMatchObject({
      backgroundWork: { relay: false, projections: false },
      backgroundThreadWork: { relay: false, projections: false },
    });
  });

  it('refuses anything but true or false', () => {
    for (const value of ['', 'yes', '1', 'TRUE'])
      expect(problemsOf(() => config({ BACKGROUND_THREAD: value }))).toEqual([
        `BACKGROUND_THREAD must be "true" or "false", got "${value}"`,
      ]);
  });
});

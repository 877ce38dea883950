import { ConfigError } from '@zoneledger/platform';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_SECRET_KEY, readNotifierConfig } from './notifier-config';

const production = {
  service: 'notifier',
  auth: { issuer: 'i', audience: 'a', jwtSecret: 'x'.repeat(32) },
};
const development = {
  service: 'notifier',
  auth: { issuer: 'i', audience: 'a', jwtSecret: 'zoneledger-dev-secret' },
};
const key = randomBytes(32).toString('base64');

describe('the notifier configuration', () => {
  it('refuses to start without NOTIFIER_SECRET_KEY outside development', () => {
    expect(() => readNotifierConfig({}, production)).toThrow(ConfigError);
    expect(() => readNotifierConfig({}, production)).toThrow(/NOTIFIER_SECRET_KEY must be set/);
  });

  it('uses the development key where tokens are verified with the development secret', () => {
    const config = readNotifierConfig({}, development);
    expect(config.secretKey.equals(Buffer.from(DEVELOPMENT_SECRET_KEY, 'base64'))).toBe(true);
  });

  it('takes a key of exactly 32 bytes in base64', () => {
    expect(readNotifierConfig({ NOTIFIER_SECRET_KEY: key }, production).secretKey).toHaveLength(32);
    for (const bad of [randomBytes(16).toString('base64'), 'not base64!', `${key}x`])
      expect(() => readNotifierConfig({ NOTIFIER_SECRET_KEY: bad }, production)).toThrow(
        /exactly 32 bytes/,
      );
  });

  it('refuses http and internal networks unless configured', () => {
    const strict = readNotifierConfig({ NOTIFIER_SECRET_KEY: key }, production).endpointPolicy;
    expect(strict.allowHttp).toBe(false);
    expect(strict.allowList.allows('127.0.0.1')).toBe(false);
    const open = readNotifierConfig(
      {
        NOTIFIER_SECRET_KEY: key,
        NOTIFIER_ALLOW_HTTP: 'true',
        NOTIFIER_ALLOWED_NETWORKS: '127.0.0.1/32, 10.20.0.0/16',
      },
      production,
    ).endpointPolicy;
    expect(open.allowHttp).toBe(true);
    expect(open.allowList.allows('127.0.0.1')).toBe(true);
    expect(open.allowList.allows('10.20.3.4')).toBe(true);
    expect(open.allowList.allows('10.21.3.4')).toBe(false);
  });

  it('names every bad variable at once', () => {
    const read = () =>
      readNotifierConfig(
        { NOTIFIER_ALLOW_HTTP: 'yes', NOTIFIER_ALLOWED_NETWORKS: '10.0.0.0/33' },
        production,
      );
    expect(read).toThrow(/NOTIFIER_SECRET_KEY/);
    expect(read).toThrow(/NOTIFIER_ALLOW_HTTP/);
    expect(read).toThrow(/NOTIFIER_ALLOWED_NETWORKS/);
  });
});

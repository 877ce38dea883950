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

  it('takes Standard Webhooks’ schedule and a day’s digest unless configured', () => {
    const { delivery, email } = readNotifierConfig({ NOTIFIER_SECRET_KEY: key }, production);
    expect(delivery.schedule.delaysMs).toEqual([
      0, 5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(delivery.schedule.timeoutMs).toBe(15_000);
    expect(email.smtpUrl).toBeUndefined();
    expect(email.digestAt).toEqual({ hour: 0, minute: 0 });
    expect(email.digestIntervalMs).toBe(86_400_000);
  });

  it('reads a shortened schedule, the mail server and the digest time', () => {
    const { delivery, email } = readNotifierConfig(
      {
        NOTIFIER_SECRET_KEY: key,
        NOTIFIER_RETRY_SCHEDULE: '0, 100,200',
        NOTIFIER_WEBHOOK_TIMEOUT_MS: '2000',
        NOTIFIER_DISABLE_AFTER_MS: '60000',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        NOTIFIER_DIGEST_AT: '07:30',
      },
      production,
    );
    expect(delivery.schedule.delaysMs).toEqual([0, 100, 200]);
    expect(delivery.schedule.timeoutMs).toBe(2000);
    expect(delivery.disableAfterMs).toBe(60_000);
    expect(email.smtpUrl).toBe('smtp://127.0.0.1:2525');
    expect(email.digestAt).toEqual({ hour: 7, minute: 30 });
  });

  it('names a bad schedule, timeout, digest time or mail server', () => {
    const read = () =>
      readNotifierConfig(
        {
          NOTIFIER_SECRET_KEY: key,
          NOTIFIER_RETRY_SCHEDULE: '0,-5',
          NOTIFIER_WEBHOOK_TIMEOUT_MS: 'soon',
          NOTIFIER_DIGEST_AT: '25:00',
          SMTP_URL: 'http://mail',
        },
        production,
      );
    expect(read).toThrow(/NOTIFIER_RETRY_SCHEDULE/);
    expect(read).toThrow(/NOTIFIER_WEBHOOK_TIMEOUT_MS/);
    expect(read).toThrow(/NOTIFIER_DIGEST_AT/);
    expect(read).toThrow(/SMTP_URL/);
  });
});

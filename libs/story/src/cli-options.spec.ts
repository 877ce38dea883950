import { parseCommandLine } from './cli-options';

describe('the command line', () => {
  const root = '/repo';

  it("plays the story against up's ports with tokens minted from the development secret", () => {
    expect(parseCommandLine([], {}, root)).toEqual({
      command: 'story',
      endpoints: {
        zones: 'http://127.0.0.1:3101',
        policies: 'http://127.0.0.1:3102',
        assessments: 'http://127.0.0.1:3103',
        notifier: 'http://127.0.0.1:3104',
      },
      receiverUrl: 'http://127.0.0.1:3105',
      secretFile: '/repo/.run/webhook-receiver/secret',
      credentials: { jwtSecret: 'zoneledger-dev-secret' },
      waitTimeoutMs: 120_000,
    });
  });

  it('takes URLs from flags before the environment, and a given token instead of minting', () => {
    const command = parseCommandLine(
      ['story', '--zones', 'http://zones:8080/', '--token', 'abc', '--wait-seconds', '30'],
      {
        ZONELEDGER_ZONES_URL: 'http://ignored:1',
        ZONELEDGER_POLICIES_URL: 'https://policies.example',
      },
      root,
    );
    expect(command).toMatchObject({
      endpoints: { zones: 'http://zones:8080', policies: 'https://policies.example' },
      credentials: { token: 'abc' },
      waitTimeoutMs: 30_000,
    });
  });

  it('runs the receiver on its port and folder', () => {
    expect(parseCommandLine(['receiver', '--port', '4105'], {}, root)).toEqual({
      command: 'receiver',
      port: 4105,
      host: '127.0.0.1',
      dataDir: '/repo/.run/webhook-receiver',
    });
  });

  it('refuses what it cannot use, saying what', () => {
    expect(() => parseCommandLine(['play'], {}, root)).toThrow('unknown command "play"');
    expect(() => parseCommandLine(['--zones', 'localhost:3101'], {}, root)).toThrow(
      '--zones must be an http(s) URL',
    );
    expect(() => parseCommandLine(['--wait-seconds', 'soon'], {}, root)).toThrow(
      '--wait-seconds must be a whole number',
    );
  });
});

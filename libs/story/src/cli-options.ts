import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoryCredentials, StoryEndpoints } from './story';

/** The ports `npm run up` gives the services and the receiver. */
export const DEFAULT_PORTS = {
  zones: 3101,
  policies: 3102,
  assessments: 3103,
  notifier: 3104,
  receiver: 3105,
};

export const USAGE = `usage:
  zoneledger story [options]      play the seed's story against running services (idempotent)
  zoneledger receiver [options]   run the local webhook receiver

story options (environment variable in brackets):
  --zones URL          zone-registry      [ZONELEDGER_ZONES_URL]       default http://127.0.0.1:3101
  --policies URL       policy-registry    [ZONELEDGER_POLICIES_URL]    default http://127.0.0.1:3102
  --assessments URL    assessment-engine  [ZONELEDGER_ASSESSMENTS_URL] default http://127.0.0.1:3103
  --notifier URL       notifier           [ZONELEDGER_NOTIFIER_URL]    default http://127.0.0.1:3104
  --receiver URL       webhook receiver   [ZONELEDGER_RECEIVER_URL]    default http://127.0.0.1:3105
  --secret-file PATH   where the receiver reads the signing secret     default .run/webhook-receiver/secret
  --token TOKEN        a bearer token with the zone-admin, policy-admin, assessor and ops roles
                       [ZONELEDGER_TOKEN]; otherwise tokens are minted from AUTH_JWT_SECRET
                       (default zoneledger-dev-secret)
  --analyst-token TOKEN  the analyst's token (the subscription's owner) [ZONELEDGER_ANALYST_TOKEN]
  --wait-seconds N     how long one wait for a read model may take (default 120)

receiver options:
  --port N             default 3105 [WEBHOOK_RECEIVER_PORT]
  --host HOST          default 127.0.0.1
  --dir PATH           where it keeps the secret and notifications.jsonl (default .run/webhook-receiver)`;

/** What the command line asks for. */
export type CliCommand =
  | { readonly command: 'help' }
  | {
      readonly command: 'story';
      readonly endpoints: StoryEndpoints;
      readonly receiverUrl: string;
      readonly secretFile: string;
      readonly credentials: StoryCredentials;
      readonly waitTimeoutMs: number;
    }
  | {
      readonly command: 'receiver';
      readonly port: number;
      readonly host: string;
      readonly dataDir: string;
    };

/** Reads the command line and the environment; throws a message naming what is wrong. */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  root: string,
): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      zones: { type: 'string' },
      policies: { type: 'string' },
      assessments: { type: 'string' },
      notifier: { type: 'string' },
      receiver: { type: 'string' },
      'secret-file': { type: 'string' },
      token: { type: 'string' },
      'analyst-token': { type: 'string' },
      'wait-seconds': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'story', ...rest] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (rest.length > 0) throw new Error(`unexpected arguments: ${rest.join(' ')}`);
  const receiverDir = join(root, '.run', 'webhook-receiver');
  if (command === 'receiver') {
    const port = whole('--port', values.port ?? env.WEBHOOK_RECEIVER_PORT, DEFAULT_PORTS.receiver);
    return { command, port, host: values.host ?? '127.0.0.1', dataDir: values.dir ?? receiverDir };
  }
  if (command !== 'story') throw new Error(`unknown command "${command}"`);
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const url = (flag: string, value: string | undefined, fallback: string) => {
    const chosen = value ?? fallback;
    if (!/^https?:\/\/[^\s/]+/.test(chosen))
      throw new Error(`${flag} must be an http(s) URL, got "${chosen}"`);
    return chosen.replace(/\/+$/, '');
  };
  // --zones, else ZONELEDGER_ZONES_URL, else up's port; and so on for each.
  const endpoint = (name: keyof typeof DEFAULT_PORTS) =>
    url(
      `--${name}`,
      values[name] ?? env[`ZONELEDGER_${name.toUpperCase()}_URL`],
      local(DEFAULT_PORTS[name]),
    );
  const token = values.token ?? env.ZONELEDGER_TOKEN;
  const analystToken = values['analyst-token'] ?? env.ZONELEDGER_ANALYST_TOKEN;
  return {
    command,
    endpoints: {
      zones: endpoint('zones'),
      policies: endpoint('policies'),
      assessments: endpoint('assessments'),
      notifier: endpoint('notifier'),
    },
    receiverUrl: endpoint('receiver'),
    secretFile: values['secret-file'] ?? join(receiverDir, 'secret'),
    credentials: token
      ? { token, ...(analystToken ? { analystToken } : {}) }
      : {
          jwtSecret: env.AUTH_JWT_SECRET || 'zoneledger-dev-secret',
          ...(env.AUTH_ISSUER ? { issuer: env.AUTH_ISSUER } : {}),
          ...(env.AUTH_AUDIENCE ? { audience: env.AUTH_AUDIENCE } : {}),
        },
    waitTimeoutMs: whole('--wait-seconds', values['wait-seconds'], 120) * 1000,
  };
}

function whole(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new Error(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}

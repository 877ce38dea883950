/**
 * Mints a development bearer token, signed with AUTH_JWT_SECRET as the services verify it:
 *
 *   AUTH_JWT_SECRET=zoneledger-dev-secret npm run -s token -- --role zone-admin --sub alice [--ttl 1h]
 *
 * --role may repeat (or take a comma-separated list). Prints only the token, so it composes:
 *   curl -H "Authorization: Bearer $(npm run -s token -- --role analyst --sub bob)" ...
 */
import { parseArgs } from 'node:util';
import { mintDevToken, TTL_PATTERN } from '../auth/dev-token';
import { isRole, ROLES, type Role } from '../auth/principal';

const USAGE = `usage: npm run -s token -- --role <${ROLES.join('|')}> [--role ...] --sub <subject> [--ttl 1h]
needs AUTH_JWT_SECRET (local development: zoneledger-dev-secret); honours AUTH_ISSUER and AUTH_AUDIENCE`;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      role: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return USAGE;

  const roles = values.role.flatMap((role) => role.split(',')).map((role) => role.trim());
  const unknown = roles.filter((role) => !isRole(role));
  const problems = [
    ...(env.AUTH_JWT_SECRET ? [] : ['AUTH_JWT_SECRET is not set']),
    ...(values.sub ? [] : ['--sub is required']),
    ...(roles.length > 0 ? [] : ['give at least one --role']),
    ...(unknown.length === 0 ? [] : [`unknown role(s): ${unknown.join(', ')}`]),
    ...(TTL_PATTERN.test(values.ttl)
      ? []
      : [`--ttl must look like 30m, 1h or 2d, got "${values.ttl}"`]),
  ];
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${USAGE}`);

  return mintDevToken({
    secret: env.AUTH_JWT_SECRET as string,
    sub: values.sub as string,
    roles: roles as Role[],
    ttl: values.ttl,
    issuer: env.AUTH_ISSUER || 'zoneledger',
    audience: env.AUTH_AUDIENCE || 'zoneledger',
  });
}

main(process.argv.slice(2), process.env).then(
  (output) => process.stdout.write(`${output}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// What the deployment descriptions (docker-compose.yml, infra/k8s) must agree with, read from
// the services' own sources: which services exist, and what each AppModule declares.

export const servicesDir = join(resolve(__dirname, '..'), 'services');

/** Every directory under services/, sorted. */
export function serviceDirectories(): string[] {
  return readdirSync(servicesDir)
    .filter((name) => statSync(join(servicesDir, name)).isDirectory())
    .sort();
}

/** The port a service listens on when PORT is unset, from its AppModule (`port: 3101`). */
export function defaultPort(service: string): number {
  const ports = [...appModule(service).matchAll(/\bport:\s*(\d+)/g)].map((match) =>
    Number(match[1]),
  );
  if (ports.length !== 1)
    throw new Error(`${service}: expected one "port: <n>" in app.module.ts, found ${ports.length}`);
  return ports[0];
}

/** The schema a service migrates and writes, from its AppModule (`databaseSchema: '…'`). */
export function databaseSchema(service: string): string {
  const match = /\bdatabaseSchema:\s*'([^']+)'/.exec(appModule(service));
  if (!match) throw new Error(`${service}: no databaseSchema in app.module.ts`);
  return match[1];
}

/**
 * What a service reads besides SERVICE_ENV_VARS: its routes' body limits (routeBodyLimits in its
 * AppModule) and the variables it lists itself (`<NAME>_ENV_VARS = [...]` in its sources).
 */
export function routeLimitVariables(service: string): string[] {
  const limits = [...appModule(service).matchAll(/\bvariable:\s*'([A-Z][A-Z0-9_]*)'/g)].map(
    (match) => match[1],
  );
  const listed = sourcesOf(join(servicesDir, service, 'src')).flatMap((source) =>
    [...source.matchAll(/\b[A-Z][A-Z0-9_]*_ENV_VARS\s*=\s*\[([^\]]*)\]/g)].flatMap((list) =>
      [...list[1].matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((name) => name[1]),
    ),
  );
  return [...limits, ...listed];
}

/** The text of every non-test TypeScript file under `dir`. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesOf(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

function appModule(service: string): string {
  return readFileSync(join(servicesDir, service, 'src', 'app.module.ts'), 'utf8');
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { parseDocument } from 'yaml';
import { loadServiceConfig, SERVICE_ENV_VARS } from '@zoneledger/platform';
import { databaseSchema, defaultPort, serviceDirectories, servicesDir } from './service-sources';

// docker-compose.yml and the Dockerfile cannot be built or run in CI (no Docker engine), so this
// checks them against the repository instead: the services, their ports, build arguments,
// environment, dependencies, and the files the Dockerfile copies.

const root = resolve(__dirname, '..');
const composePath = join(root, 'docker-compose.yml');
/** Compose services that are infrastructure, not directories under services/. */
const INFRASTRUCTURE = ['kafka', 'postgres'];

// ---------------------------------------------------------------------------------------------
// docker-compose.yml, normalised (compose accepts lists or maps in several places)

interface ComposeBuild {
  readonly context?: string;
  readonly dockerfile?: string;
  readonly args?: Record<string, unknown> | readonly string[];
}

interface ComposeService {
  readonly image?: string;
  readonly build?: string | ComposeBuild;
  readonly ports?: readonly (string | number | { target: number; published?: string | number })[];
  readonly environment?: Record<string, unknown> | readonly string[];
  readonly depends_on?: readonly string[] | Record<string, { condition?: string }>;
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly disable?: boolean };
  readonly restart?: string;
}

interface ComposeFile {
  readonly name?: string;
  readonly services: Record<string, ComposeService>;
}

function loadCompose(): ComposeFile {
  // merge: true so `<<: *anchor` merge keys resolve as Compose resolves them.
  const document = parseDocument(readFileSync(composePath, 'utf8'), { merge: true });
  const problems = [...document.errors, ...document.warnings].map((error) => error.message);
  if (problems.length > 0) throw new Error(`docker-compose.yml: ${problems.join('; ')}`);
  const compose = document.toJS() as ComposeFile;
  if (typeof compose?.services !== 'object' || compose.services === null) {
    throw new Error('docker-compose.yml has no services');
  }
  return compose;
}

/** Array.isArray does not narrow readonly arrays out of a union; this does. */
function isList(value: unknown): value is readonly string[] {
  return Array.isArray(value);
}

/** `KEY=value` lists and `KEY: value` maps both become a map of strings (undefined: no value). */
function keyValues(
  entries: Record<string, unknown> | readonly string[] | undefined,
): Record<string, string | undefined> {
  if (entries === undefined) return {};
  if (isList(entries)) {
    return Object.fromEntries(
      entries.map((entry: string) => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, undefined] : [entry.slice(0, equals), entry.slice(equals + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(entries).map(([key, value]) => [
      key,
      value === null ? undefined : String(value),
    ]),
  );
}

function buildOf(service: ComposeService): {
  context: string;
  dockerfile: string;
  args: Record<string, string | undefined>;
} {
  const build: ComposeBuild =
    typeof service.build === 'string' ? { context: service.build } : (service.build ?? {});
  const context = resolve(dirname(composePath), build.context ?? '.');
  return {
    context,
    dockerfile: resolve(context, build.dockerfile ?? 'Dockerfile'),
    args: keyValues(build.args),
  };
}

interface PortMapping {
  readonly published: number | undefined;
  readonly target: number;
}

/** Short syntax `[ip:][published:]target[/protocol]` or long syntax `{ target, published }`. */
function portMappings(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        target: Number(port.target),
        published: port.published === undefined ? undefined : Number(port.published),
      };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts[parts.length - 1]);
    const published = parts.length >= 2 ? Number(parts[parts.length - 2]) : undefined;
    return { target, published };
  });
}

function dependsOn(service: ComposeService): Record<string, { condition?: string }> {
  const targets = service.depends_on ?? {};
  return isList(targets) ? Object.fromEntries(targets.map((name: string) => [name, {}])) : targets;
}

function healthcheckCommand(service: ComposeService | undefined): string {
  const test = service?.healthcheck?.test;
  return isList(test) ? test.join(' ') : (test ?? '');
}

// ---------------------------------------------------------------------------------------------
// The repository

/** Where tsc -p <tsconfig> puts the compiled main.ts, resolved the way tsc resolves it. */
function compiledMain(tsconfigPath: string): {
  mainJs: string | undefined;
  files: readonly string[];
} {
  const read = ts.readConfigFile(tsconfigPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfigPath));
  const main = parsed.fileNames.find((file) => file.endsWith('/src/main.ts'));
  const { outDir, rootDir } = parsed.options;
  if (!main || !outDir || !rootDir) return { mainJs: undefined, files: parsed.fileNames };
  return {
    mainJs: join(outDir, relative(rootDir, main)).replace(/\.ts$/, '.js'),
    files: parsed.fileNames,
  };
}

// ---------------------------------------------------------------------------------------------
// The Dockerfile, as instructions grouped by stage

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

function dockerfileStages(path: string): Instruction[][] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of lines) {
    if (/^\s*#/.test(line)) continue; // comments, parser directives, comments inside a continuation
    const continued = /\\\s*$/.test(line);
    pending += (pending ? ' ' : '') + line.replace(/\\\s*$/, '').trim();
    if (continued) continue;
    const match = /^(\w+)\s+([\s\S]*)$/.exec(pending.trim());
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim() });
    pending = '';
  }
  const stages: Instruction[][] = [[]]; // stage 0: ARGs before the first FROM
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1].push(instruction);
  }
  return stages;
}

interface Copy {
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
}

function copies(stage: readonly Instruction[]): Copy[] {
  return stage
    .filter(({ keyword }) => keyword === 'COPY' || keyword === 'ADD')
    .map(({ args }) => {
      const [, leading = '', rest = ''] = /^((?:--[a-z-]+(?:=\S+)?\s+)*)(.*)$/s.exec(args) ?? [];
      const flags = [...leading.matchAll(/--([a-z-]+)(?:=(\S+))?/g)];
      const paths: string[] = rest.startsWith('[')
        ? (JSON.parse(rest) as string[])
        : rest.split(/\s+/);
      return {
        from: flags.find((flag) => flag[1] === 'from')?.[2],
        sources: paths.slice(0, -1),
        destination: paths[paths.length - 1],
      };
    });
}

/** Expands $NAME and ${NAME}; throws on a variable it does not know, so nothing is skipped silently. */
function expand(text: string, variables: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const value = variables[name];
      if (value === undefined) throw new Error(`"${text}" uses $${name}, which has no value`);
      return value;
    },
  );
}

/** .dockerignore semantics enough for plain paths: globs, `**`, directories, `!` exceptions. */
function dockerignore(context: string): (path: string) => boolean {
  const file = join(context, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
    : [];
  const rules = patterns.map((pattern) => {
    const negated = pattern.startsWith('!');
    const glob = (negated ? pattern.slice(1) : pattern).replace(/^\/+|\/+$/g, '');
    const source = glob
      .split(/(\*\*\/?|\*|\?)/)
      .map((part) =>
        part === '**/'
          ? '(?:.*/)?'
          : part === '**'
            ? '.*'
            : part === '*'
              ? '[^/]*'
              : part === '?'
                ? '[^/]'
                : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    return { negated, regex: new RegExp(`^${source}$`) };
  });
  return (path) => {
    const segments = path.replace(/^\.\/|\/+$/g, '').split('/');
    const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negated;
    }
    return ignored;
  };
}

// ---------------------------------------------------------------------------------------------

const compose = loadCompose();
const directories = serviceDirectories();
const appServices = Object.keys(compose.services)
  .filter((name) => !INFRASTRUCTURE.includes(name))
  .sort();

describe('docker-compose.yml', () => {
  it('is the zoneledger project', () => {
    expect(compose.name).toBe('zoneledger');
  });

  it('has a compose service for every directory under services/, and nothing else', () => {
    expect(directories.length).toBeGreaterThan(0);
    expect(appServices).toEqual(directories);
  });

  it.each(INFRASTRUCTURE)('runs %s from an image, with a healthcheck', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service?.image).toMatch(new RegExp(`^(apache/)?${name}:`));
    expect(healthcheckCommand(service)).not.toBe('');
  });

  it('publishes no host port twice', () => {
    const published = Object.values(compose.services).flatMap((service) =>
      portMappings(service).flatMap((port) =>
        port.published === undefined ? [] : [port.published],
      ),
    );
    expect(published.length).toBeGreaterThanOrEqual(directories.length);
    expect(new Set(published).size).toBe(published.length);
  });

  it('lists in SERVICE_ENV_VARS exactly the variables the config loader reads', () => {
    const source = readFileSync(join(root, 'libs/platform/src/config/service-config.ts'), 'utf8');
    const read = new Set(
      [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]),
    );
    expect([...read].sort()).toEqual([...SERVICE_ENV_VARS].sort());
  });
});

describe.each(directories)('compose service %s', (name) => {
  const service = compose.services[name] ?? {};
  const build = buildOf(service);
  const environment = keyValues(service.environment);

  it('exists', () => {
    expect(compose.services[name]).toBeDefined();
  });

  it('is built from an existing context and Dockerfile, with SERVICE naming this service', () => {
    expect(service.build).toBeDefined();
    expect(existsSync(build.context) && statSync(build.context).isDirectory()).toBe(true);
    expect(existsSync(build.dockerfile)).toBe(true);
    expect(build.args.SERVICE).toBe(name);
    expect(existsSync(join(servicesDir, `${build.args.SERVICE}`, 'tsconfig.app.json'))).toBe(true);
  });

  it('compiles to the dist/services/<name>/src/main.js the image starts', () => {
    const { mainJs, files } = compiledMain(
      join(servicesDir, `${build.args.SERVICE}`, 'tsconfig.app.json'),
    );
    expect(files).toEqual([join(servicesDir, name, 'src', 'main.ts')]);
    expect(mainJs).toBe(join(build.context, 'dist', 'services', name, 'src', 'main.js'));
  });

  it('publishes its port on the same host port, equal to PORT and to its default port', () => {
    const port = defaultPort(name);
    expect(portMappings(service)).toEqual([{ published: port, target: port }]);
    expect(environment.PORT).toBe(String(port));
  });

  it('sets only environment variables the config loader reads, with values it accepts', () => {
    const unknown = Object.keys(environment).filter(
      (key) => !(SERVICE_ENV_VARS as readonly string[]).includes(key),
    );
    expect(unknown).toEqual([]);
    expect(Object.keys(environment)).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS']),
    );
    const defaults = {
      service: name,
      port: defaultPort(name),
      databaseSchema: databaseSchema(name),
    };
    expect(() => loadServiceConfig(environment, defaults)).not.toThrow();
  });

  it('reaches PostgreSQL at a compose service that exists, under the database it creates', () => {
    const url = new URL(environment.DATABASE_URL ?? '');
    const postgres = compose.services[url.hostname];
    expect(Object.keys(compose.services)).toContain(url.hostname);
    const database =
      keyValues(postgres?.environment).POSTGRES_DB ??
      keyValues(postgres?.environment).POSTGRES_USER ??
      'postgres';
    expect(url.pathname.slice(1)).toBe(database);
  });

  it('reaches Kafka at compose services that exist, on a listener they advertise', () => {
    const brokers = (environment.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim());
    expect(brokers.length).toBeGreaterThan(0);
    for (const broker of brokers) {
      const host = broker.slice(0, broker.lastIndexOf(':'));
      expect(Object.keys(compose.services)).toContain(host);
      const advertised =
        keyValues(compose.services[host]?.environment).KAFKA_ADVERTISED_LISTENERS ?? '';
      expect(
        advertised.split(',').map((listener) => listener.replace(/^[A-Z_]+:\/\//, '')),
      ).toContain(broker);
    }
  });

  it('depends only on compose services that exist and have a healthcheck, including its database and brokers', () => {
    const targets = dependsOn(service);
    const hosts = [
      new URL(environment.DATABASE_URL ?? '').hostname,
      ...(environment.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim().split(':')[0]),
    ];
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(hosts));
    for (const [target, { condition }] of Object.entries(targets)) {
      expect(Object.keys(compose.services)).toContain(target);
      expect(condition).toBe('service_healthy');
      expect(healthcheckCommand(compose.services[target])).not.toBe('');
    }
  });

  it('is health-checked on /health/ready at its PORT, and restarts unless stopped', () => {
    const command = healthcheckCommand(service);
    expect(command).toContain('/health/ready');
    expect(command).toMatch(/process\.env\.PORT|\$\$?\{?PORT\}?/);
    expect(service.restart).toBe('unless-stopped');
  });

  it('copies into its image only files that exist in the build context and are not .dockerignored', () => {
    const stages = dockerfileStages(build.dockerfile);
    const ignored = dockerignore(build.context);
    const sources = stages.flatMap((stage) =>
      copies(stage)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources.map((source) => expand(source, build.args))),
    );
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => !existsSync(join(build.context, source)))).toEqual([]);
    expect(sources.filter((source) => ignored(source))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = join(root, 'Dockerfile');
  const stages = dockerfileStages(dockerfile);
  const runtime = stages[stages.length - 1];
  const instruction = (keyword: string) =>
    runtime.filter((entry) => entry.keyword === keyword).map((entry) => entry.args);

  it('is the one every application service is built from', () => {
    expect(appServices.map((name) => buildOf(compose.services[name]).dockerfile)).toEqual(
      appServices.map(() => dockerfile),
    );
  });

  it('declares ARG SERVICE, and the runtime stage keeps it as ENV SERVICE for its CMD', () => {
    expect(
      stages.flat().some(({ keyword, args }) => keyword === 'ARG' && /^SERVICE(=|$)/.test(args)),
    ).toBe(true);
    expect(instruction('ARG')).toContain('SERVICE');
    expect(instruction('ENV').join(' ')).toMatch(/\bSERVICE=\$\{?SERVICE\}?/);
    expect(instruction('CMD').join(' ')).toMatch(/dist\/services\/\$\{?SERVICE\}?\/src\/main\.js/);
  });

  it('compiles only the chosen service, in a stage that declares ARG SERVICE', () => {
    const compiling = stages.filter((stage) =>
      stage.some(({ keyword, args }) => keyword === 'RUN' && args.includes('tsc -p')),
    );
    expect(compiling).toHaveLength(1);
    const [stage] = compiling;
    const argAt = stage.findIndex(({ keyword, args }) => keyword === 'ARG' && args === 'SERVICE');
    const tscAt = stage.findIndex(
      ({ keyword, args }) => keyword === 'RUN' && args.includes('tsc -p'),
    );
    expect(argAt).toBeGreaterThan(0);
    expect(argAt).toBeLessThan(tscAt);
    expect(stage[tscAt].args).toMatch(/tsc -p "?services\/\$\{?SERVICE\}?\/tsconfig\.app\.json"?/);
  });

  it('starts node with tsconfig-paths and the runtime tsconfig, as a non-root user', () => {
    expect(instruction('CMD').join(' ')).toContain('-r tsconfig-paths/register');
    const workdir = instruction('WORKDIR').pop();
    expect(instruction('ENV').join(' ')).toContain(
      `TS_NODE_PROJECT=${workdir}/tsconfig.runtime.json`,
    );
    expect(instruction('ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(instruction('USER')).toEqual(['node']);
    expect(instruction('HEALTHCHECK').join(' ')).toContain('/health/live');
  });

  it('runs node with the flags the services run with everywhere (infra/service-node-options)', () => {
    const flags = readFileSync(join(root, 'infra', 'service-node-options'), 'utf8').trim();
    expect(flags).not.toBe('');
    expect(instruction('ENV').join(' ')).toContain(`NODE_OPTIONS=${flags}`);
  });

  it('copies the runtime tsconfig and the base it extends into the runtime stage', () => {
    const runtimeConfig = ts.readConfigFile(join(root, 'tsconfig.runtime.json'), (path) =>
      ts.sys.readFile(path),
    );
    const copied = copies(runtime).flatMap((copy) => (copy.from === undefined ? copy.sources : []));
    expect(copied).toEqual(
      expect.arrayContaining([
        'package.json',
        'tsconfig.runtime.json',
        (runtimeConfig.config as { extends: string }).extends.replace(/^\.\//, ''),
      ]),
    );
    const fromOtherStages = copies(runtime)
      .filter((copy) => copy.from !== undefined)
      .map((copy) => copy.destination);
    expect(fromOtherStages).toEqual(expect.arrayContaining(['./node_modules', './dist']));
  });

  it('keeps local state out of the build context', () => {
    const ignored = dockerignore(root);
    for (const path of [
      'node_modules',
      'dist',
      '.nx',
      '.data',
      '.run',
      '.git',
      'infra/kafka/.cache',
      'infra/kafka/.state',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
    expect(ignored('libs')).toBe(false);
  });
});

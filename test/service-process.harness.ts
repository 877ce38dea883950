import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { workspaceRoot } from '@zoneledger/testing';

/** One of the four services, running as its own process from its main.ts. */
export interface ServiceProcess {
  readonly service: string;
  readonly baseUrl: string;
  /** The process id (for what a benchmark reads of it from /proc). */
  readonly pid: number | undefined;
  /** False once the process exited, for whatever reason. */
  alive(): boolean;
  /** How it ended (undefined while alive), and the last lines it wrote: what a crash left. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  lastOutput(): string;
  /** GET with no token (health, metrics). */
  get(path: string): Promise<Response>;
  /** Stops it as an orchestrator would (SIGTERM), killing it if it does not end in time. */
  stop(deadlineMs?: number): Promise<void>;
}

const OUTPUT_LINES_KEPT = 60;

const SERVICE_NODE_OPTIONS = readFileSync(
  join(workspaceRoot, 'infra', 'service-node-options'),
  'utf8',
).trim();

// A key of this test run's, as an operator's Secret would hold one (32 random bytes, base64).
const TEST_NOTIFIER_SECRET_KEY = randomBytes(32).toString('base64');

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** How a service process runs its code. */
export type ServiceCode =
  /** Its sources, compiled as they load (ts-node, transpile only): no build step. */
  | 'sources'
  /**
   * What `npm run build` put in dist/, as `npm run up` and the image run it: what a benchmark
   * measures (ts-node loads node:repl, and with it node:domain, whose hooks then run on every
   * event emitter and promise the service makes).
   */
  | 'build';

/**
 * Starts `services/<service>/src/main.ts` in a process of its own, compiled as it loads
 * (ts-node, transpile only: no build step, a few seconds per service), or its build
 * (`code: 'build'`, after `npm run build`), with `env` on top of the test's environment and a
 * free port; `nodeOptions` go to node first (e.g. --cpu-prof).
 */
export async function startServiceProcess(
  service: string,
  env: Record<string, string>,
  nodeOptions: readonly string[] = [],
  code: ServiceCode = 'sources',
): Promise<ServiceProcess> {
  const port = await freePort();
  const entry =
    code === 'build'
      ? ['-r', 'tsconfig-paths/register', join('dist', 'services', service, 'src', 'main.js')]
      : [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join('services', service, 'src', 'main.ts'),
        ];
  const child: ChildProcess = spawn(process.execPath, [...nodeOptions, ...entry], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      // tsconfig-paths resolves @zoneledger/* in the sources, or in dist/ for a build.
      TS_NODE_PROJECT: join(
        workspaceRoot,
        code === 'build' ? 'tsconfig.runtime.json' : 'tsconfig.json',
      ),
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // The Node flags the services run with everywhere (npm run up, the image).
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? SERVICE_NODE_OPTIONS,
      // The notifier encrypts webhook secrets with it and starts only with one (others ignore it).
      NOTIFIER_SECRET_KEY: TEST_NOTIFIER_SECRET_KEY,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  // 'close', not 'exit': the process may have ended before its last output was read from the
  // pipes, and what it wrote last (how it stopped) is what a test reads after stop().
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      ended = { code, signal };
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    service,
    baseUrl,
    pid: child.pid,
    alive: () => ended === undefined,
    exit: () => ended,
    lastOutput: () => output.join('\n'),
    get: (path) => fetch(`${baseUrl}${path}`),
    async stop(deadlineMs = 15_000) {
      if (ended) return;
      child.kill('SIGTERM');
      const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
      await exited;
      clearTimeout(deadline);
    },
  };
}

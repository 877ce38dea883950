import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp, { type Options } from 'pino-http';
import { loadServiceConfig } from '../config/service-config';
import { loggerParams } from './logging';

// The request lines a service writes, through pino-http with the platform's settings.

describe('request logging', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;

  beforeAll(async () => {
    const config = loadServiceConfig(
      { AUTH_JWT_SECRET: 'zoneledger-dev-secret', LOG_LEVEL: 'info' },
      { service: 'zone-registry', port: 0, databaseSchema: 'zone_registry' },
    );
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const params = loggerParams(config).pinoHttp as Options;
    const log = pinoHttp({ ...params, stream });
    server = createServer((request, response) => {
      log(request, response);
      response.statusCode = request.url === '/v1/zones' ? 201 : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (path: string) =>
    new Promise<void>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      httpRequest(
        {
          port,
          host: '127.0.0.1',
          path,
          method: 'POST',
          headers: { authorization: 'Bearer secret-token', 'x-correlation-id': 'corr-7' },
        },
        (response) => response.resume().on('end', resolve),
      )
        .on('error', reject)
        .end();
    });

  it('names the request and its answer, never its headers', async () => {
    await send('/v1/zones');
    await send('/health/ready');

    // The health check is not logged; the command is, once it has answered.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'zone-registry',
      req: { id: 'corr-7', method: 'POST', url: '/v1/zones', remoteAddress: '127.0.0.1' },
      res: { statusCode: 201 },
      msg: 'request completed',
    });
    expect(Object.keys(lines[0].req as object).sort()).toEqual([
      'id',
      'method',
      'remoteAddress',
      'url',
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});

describe('the log stream', () => {
  it('has written a line out when the logging call returns, so a process ending by its signal keeps it', async () => {
    // What a stopped service does last: log, then re-raise SIGTERM (Nest, once its app closed),
    // which ends the process at once; a line still queued for an asynchronous write is lost.
    const script = `
      const pino = require('pino');
      const { loggerParams } = require('./logging');
      const params = loggerParams({ logLevel: 'info', service: 'zone-registry' }).pinoHttp;
      const log = pino(params, params.stream);
      for (let line = 1; line <= 200; line++) log.info({ line }, 'stopping');
      process.kill(process.pid, 'SIGTERM');
    `;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: __dirname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];

    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    const lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { line: number; service: string });
    expect(lines.map(({ line }) => line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(lines[199]).toMatchObject({ service: 'zone-registry', msg: 'stopping' });
  }, 30_000);
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fuzzService, type FuzzReport } from './fuzz-runner';
import type { OpenApiDocument } from './openapi-document';

// The instrument itself under test: a small service that breaks each invariant once, in its own
// way, and must be caught at each. It is plain node:http, so the test needs no broker or database.
const document: OpenApiDocument = {
  openapi: '3.0.0',
  security: [{ bearer: [] }],
  paths: {
    '/v1/parcels': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { name: { type: 'string', maxLength: 40 } },
                required: ['name'],
              },
            },
          },
        },
      },
    },
    '/v1/parcels/{parcelId}': {
      get: {
        parameters: [{ name: 'parcelId', in: 'path', required: true, schema: { type: 'string' } }],
      },
    },
  },
};

/** A parcel register with one defect per invariant; `recorded` is what it stored. */
function defectiveRegister() {
  let recorded = 0;
  let stalledBody: string | undefined;
  const problem = (response: ServerResponse, status: number, size = 0) => {
    response.writeHead(status, { 'content-type': 'application/problem+json' });
    response.end(
      JSON.stringify({
        type: 'about:blank',
        title: 'no',
        status,
        code: 'NO',
        pad: 'x'.repeat(size),
      }),
    );
  };
  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const url = request.url ?? '';
    if (url === '/docs-json') return response.end(JSON.stringify(document));
    if (url === '/health/live') return response.end('ok');
    // Defect: not ready after the fuzz.
    if (url === '/health/ready') return problem(response, 503);
    if (!request.headers.authorization?.startsWith('Bearer genuine')) return problem(response, 401);
    if (request.method === 'GET') {
      // Defects: a NUL in the id fails the service; a long id is echoed into a huge problem.
      if (url.includes('%00')) return problem(response, 500);
      const id = url.split('?')[0].slice('/v1/parcels/'.length);
      return /^[a-z0-9-]{1,30}$/.test(id) ? problem(response, 404) : problem(response, 404, 40_000);
    }
    // Defect: one large body blocks the event loop for 1.5 s of CPU, each time it is sent: three
    // times the bound, because the fuzz leaves garbage collection out of a stall, and collections
    // of the test's own large bodies may fall in it (a stall of 700 ms went unseen once in CI).
    stalledBody ??= body.length > 15_000 ? body.toString('latin1') : undefined;
    if (stalledBody !== undefined && body.toString('latin1') === stalledBody) {
      // Measured in CPU time: on a busy machine a wall-clock wait may be mostly descheduled.
      const started = process.cpuUsage();
      const spent = () => process.cpuUsage(started);
      while (spent().user + spent().system < 1_500_000);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // Defect: malformed JSON answered with plain text.
      response.writeHead(400, { 'content-type': 'text/plain' });
      return response.end('bad json');
    }
    // Defect: records before it validates, and keeps the record when it then refuses.
    recorded += 1;
    const name = (parsed as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return problem(response, 400);
    // Defect: unknown fields and over-long names are accepted.
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end('{}');
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks)));
  });
  return { server, recorded: () => recorded };
}

describe('fuzzService', () => {
  let server: Server;
  let report: FuzzReport;

  beforeAll(async () => {
    const register = defectiveRegister();
    server = register.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    report = await fuzzService(
      {
        baseUrl: `http://127.0.0.1:${port}`,
        tokens: { admin: 'genuine-admin' },
        hints: { knownValues: { parcelId: ['p-1'] } },
        countRecords: async () => register.recorded(),
      },
      {
        seed: 3,
        validRuns: 2,
        malformedRuns: 2,
        requestTimeoutMs: 5_000,
        maxProblemBytes: 16_384,
        maxEventLoopDelayMs: 500,
      },
    );
  }, 60_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const where = (kind: string) =>
    report.violations
      .filter((violation) => violation.kind === kind)
      .map(({ operation, requestClass }) => `${operation} ${requestClass}`);

  it('catches a 5xx, a problem too large and a refusal that is not problem+json', () => {
    expect(where('server-error')).toContain('GET /v1/parcels/{parcelId} path.forbidden-characters');
    expect(where('problem-too-large')).toContain('GET /v1/parcels/{parcelId} path.odd-ids');
    expect(where('not-problem-json')).toContain('POST /v1/parcels body.content-encoding');
    expect(where('not-problem-json')).toContain('POST /v1/parcels body.truncated');
  });

  it('catches malformed requests accepted and records kept for refused ones', () => {
    expect(where('accepted-malformed')).toEqual(
      expect.arrayContaining(['POST /v1/parcels body.unknown-field']),
    );
    expect(where('recorded-when-refused')).toEqual(
      expect.arrayContaining(['POST /v1/parcels body.null']),
    );
  });

  it('catches the stalled event loop once, and the service unready afterwards', () => {
    expect(where('event-loop-blocked')).toHaveLength(1);
    expect(where('unhealthy')).toEqual(['GET /health/ready health']);
  });

  it('says how to replay each violation', () => {
    const [violation] = report.violations;
    expect(violation.replay).toMatch(/^FUZZ_SEED=3( FUZZ_ONLY='.+' \((fixed )?case \d+\))?$/);
  });
});

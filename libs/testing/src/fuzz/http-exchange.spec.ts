import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpExchanger } from './http-exchange';

// A stream of server-sent events never ends: the exchanger answers with its status and headers
// and hangs up, rather than waiting out its timeout for a body.
describe('the fuzz exchanger', () => {
  let server: Server;
  let baseUrl: string;
  let streamClosed: Promise<void>;

  beforeAll(async () => {
    let closed: () => void;
    streamClosed = new Promise<void>((resolve) => (closed = resolve));
    server = createServer((request, response) => {
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
        response.write('retry: 1000\n\n');
        response.on('close', () => closed());
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers an accepted event stream by its headers and closes it', async () => {
    const exchanger = new HttpExchanger(baseUrl, { timeoutMs: 30_000, captureBytes: 1024 });
    try {
      const exchange = await exchanger.send({ method: 'GET', target: '/stream', headers: {} });
      expect(exchange).toMatchObject({
        answered: true,
        status: 200,
        contentType: 'text/event-stream; charset=utf-8',
      });
      expect(exchange.elapsedMs).toBeLessThan(10_000);
      await streamClosed;
    } finally {
      exchanger.close();
    }
  });

  it('still reads the whole body of any other answer', async () => {
    const exchanger = new HttpExchanger(baseUrl, { timeoutMs: 30_000, captureBytes: 1024 });
    try {
      const exchange = await exchanger.send({ method: 'GET', target: '/json', headers: {} });
      expect(exchange).toMatchObject({ answered: true, status: 200, size: 11 });
      expect(exchange.answered && exchange.head.toString()).toBe('{"ok":true}');
    } finally {
      exchanger.close();
    }
  });
});

import { Agent, request as httpRequest } from 'node:http';
import type { FuzzRequest } from './fuzz-request';

/** What came back for one request: an answer, or why there was none. */
export type Exchange =
  | {
      readonly answered: true;
      readonly status: number;
      readonly contentType: string;
      /** The first bytes of the body (up to the capture limit). */
      readonly head: Buffer;
      /** The body's full size in bytes. */
      readonly size: number;
      readonly elapsedMs: number;
    }
  | { readonly answered: false; readonly reason: string; readonly elapsedMs: number };

/** Sends fuzz requests one at a time over one kept-alive connection, as raw as Node allows. */
export class HttpExchanger {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly options: { readonly timeoutMs: number; readonly captureBytes: number },
  ) {
    this.base = new URL(baseUrl);
  }

  /** Sends the request and reads the answer, giving up after the timeout. */
  send(fuzz: Pick<FuzzRequest, 'method' | 'target' | 'headers' | 'body'>): Promise<Exchange> {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      const settle = (exchange: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(exchange);
      };
      const headers: Record<string, string | number> = { ...fuzz.headers };
      if (fuzz.body !== undefined) headers['content-length'] = fuzz.body.length;
      else if (!['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(fuzz.method))
        headers['content-length'] = 0;
      let outgoing: ReturnType<typeof httpRequest>;
      try {
        outgoing = httpRequest({
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method: fuzz.method,
          path: fuzz.target,
          headers,
          // Paths are sent as the fuzz wrote them, odd bytes and all.
          insecureHTTPParser: true,
        });
      } catch (error) {
        settle({
          answered: false,
          reason: `not sendable: ${String(error)}`,
          elapsedMs: elapsedMs(),
        });
        return;
      }
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      // An answer that came before the connection broke (a refusal before the body was read) counts.
      let answered: (() => Exchange) | undefined;
      const broken = (error: Error) =>
        settle(
          answered
            ? answered()
            : { answered: false, reason: error.message, elapsedMs: elapsedMs() },
        );
      outgoing.on('error', broken);
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let captured = 0;
        let size = 0;
        answered = () => ({
          answered: true,
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          head: Buffer.concat(chunks),
          size,
          elapsedMs: elapsedMs(),
        });
        // A stream of server-sent events accepted (2xx text/event-stream) never ends by itself:
        // its status and headers are the answer, and the connection is closed at once (the
        // service sees its client go away, as when an EventSource closes).
        if (
          (response.statusCode ?? 0) < 300 &&
          /^text\/event-stream\b/i.test(String(response.headers['content-type'] ?? ''))
        ) {
          settle(answered());
          response.destroy();
          return;
        }
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (captured < this.options.captureBytes) {
            const kept = chunk.subarray(0, this.options.captureBytes - captured);
            chunks.push(kept);
            captured += kept.length;
          }
        });
        response.on('end', () => settle((answered as () => Exchange)()));
        response.on('error', broken);
        response.on('close', () => settle((answered as () => Exchange)()));
      });
      outgoing.end(fuzz.body);
    });
  }

  /** Closes the kept-alive connection. */
  close(): void {
    this.agent.destroy();
  }
}

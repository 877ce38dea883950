import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/** One request of an open-loop load: what to send, and what to do with a 2xx. */
export interface LoadRequest {
  readonly body: string;
  answered(): void;
}

/** What an open-loop run saw. */
export interface OpenLoopResult {
  readonly sent: number;
  readonly answered2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  /** What the failed requests failed with (the error's code, or its message), and how often. */
  readonly errorKinds: Record<string, number>;
  /** From each request's scheduled time to its answer: queueing in the client counts. */
  readonly latenciesMs: number[];
  /** From the first scheduled request to the last answer. */
  readonly elapsedMs: number;
}

/**
 * Sends `rate` POSTs a second for `seconds`, evenly spaced (request i is due at i / rate s),
 * whatever the answers: an open loop, as independent clients arrive. Latency is taken from each
 * request's due time, so a service falling behind shows as latency, not as a lower offered rate
 * (no coordinated omission). Keep-alive connections, at most `connections` at once.
 */
export async function openLoop(options: {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  readonly timeoutMs: number;
  readonly next: () => LoadRequest;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latenciesMs: number[] = [];
  let answered2xx = 0;
  let non2xx = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  let lastAnswer = 0;
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait >= 1) await delay(Math.floor(wait));
    const request = options.next();
    const answer = post(agent, options, request.body).then(
      (status) => {
        lastAnswer = performance.now();
        latenciesMs.push(lastAnswer - due);
        if (status >= 200 && status < 300) {
          answered2xx++;
          request.answered();
        } else non2xx++;
      },
      (error: unknown) => {
        errors++;
        const kind = (error as { code?: string }).code ?? String((error as Error).message);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      },
    );
    inFlight.add(answer);
    void answer.finally(() => inFlight.delete(answer));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return {
    sent: total,
    answered2xx,
    non2xx,
    errors,
    errorKinds,
    latenciesMs,
    elapsedMs: Math.max(lastAnswer, performance.now()) - start,
  };
}

function post(
  agent: http.Agent,
  options: { url: URL; headers: Readonly<Record<string, string>>; timeoutMs: number },
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      options.url,
      {
        method: 'POST',
        agent,
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      // A request on a kept-alive connection the service closed just then (no answer, no effect).
      if (request.reusedSocket && error.code) error.code = `${error.code} on a reused connection`;
      reject(error);
    });
    request.end(body);
  });
}

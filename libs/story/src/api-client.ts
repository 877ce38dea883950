/** A refusal or failure of a service, with its problem+json code when it gave one. */
export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    readonly what: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(
      `${service}: ${what}: HTTP ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`,
    );
  }
}

/** What a call sends beyond its method and path. */
export interface CallOptions {
  readonly body?: unknown;
  /** Sent as is with this content type (a CSV file); JSON otherwise. */
  readonly raw?: { readonly text: string; readonly contentType: string };
  readonly idempotencyKey?: string;
  /** Another bearer token than the client's (the analyst's). */
  readonly token?: string;
}

/** An answer: its status and its JSON body (an empty object when it had none). */
export interface ServiceAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** A client of one service's public API, with a bearer token. */
export class ServiceClient {
  constructor(
    readonly service: string,
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Any answer, refused or not: the caller decides what a status means. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ServiceAnswer<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token ?? this.token}`,
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    };
    let body: string | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.contentType;
      body = options.raw.text;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { method, headers, body });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(
        `${this.service} at ${this.baseUrl} does not answer (${cause ?? (error as Error).message}): is it running?`,
      );
    }
    const text = await response.text();
    let parsed: unknown = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed as T };
  }

  /** A call that must succeed (2xx): its body, or ServiceCallError naming `what`. */
  async ok<T = Record<string, unknown>>(
    what: string,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<T> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status >= 300) throw this.refusal(what, answer);
    return answer.body;
  }

  /** The error an unexpected answer makes. */
  refusal(what: string, answer: ServiceAnswer<unknown>): ServiceCallError {
    const problem = answer.body as { code?: string; detail?: string };
    return new ServiceCallError(this.service, what, answer.status, problem.code, problem.detail);
  }

  /** A GET without token (metrics, health). */
  async text(path: string): Promise<string> {
    const response = await fetch(new URL(path, this.baseUrl));
    return response.text();
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination, stdSerializers, type DestinationStream } from 'pino';
import type { ServiceConfig } from '../config/service-config';
import type { PlatformRequest } from '../http/platform-request';

export const CORRELATION_HEADER = 'x-correlation-id';

/** The request's correlation id: the caller's, if it sent a sane one, else a fresh UUID. */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_HEADER];
  return typeof given === 'string' && given.length > 0 && given.length <= 128
    ? given
    : randomUUID();
}

/**
 * Gives each request its correlation id before anything else runs, so that errors raised before
 * routing (bad bodies) carry it too, and echoes it to the caller.
 */
export function correlationIdMiddleware() {
  return (request: PlatformRequest, response: ServerResponse, next: () => void): void => {
    const id = correlationIdOf(request);
    // pino-http keeps an id already present, so the logs and the problem documents agree.
    request.id = id;
    response.setHeader(CORRELATION_HEADER, id);
    next();
  };
}

let standardOutput: DestinationStream | undefined;

/**
 * Where this thread's log lines go: standard output, written before the logging call returns,
 * one stream for the request logger and the rest. pino's own default writes asynchronously, so a
 * line still in flight when the process ends is lost: a service stopped by SIGTERM ends by
 * re-raising the signal once its app has closed (Nest), and its last lines ("background thread
 * stopped") went missing that way. Node writes to a pipe synchronously on Linux too.
 */
export function logStream(): DestinationStream {
  return (standardOutput ??= destination({ dest: 1, sync: true }));
}

/** pino-http settings: JSON lines, one correlation id per request (taken from the caller if given). */
export function loggerParams(config: ServiceConfig): Params {
  return {
    pinoHttp: {
      stream: logStream(),
      level: config.logLevel,
      base: { service: config.service },
      genReqId: correlationIdOf,
      customAttributeKeys: { reqId: 'correlationId' },
      autoLogging: {
        ignore: (request) =>
          (request.url?.startsWith('/health') || request.url?.startsWith('/metrics')) ?? false,
      },
      // pino-http binds the request to a child logger as each one arrives, whatever the level,
      // which serialises it there and then: its headers and their redaction were about 5% of a
      // busy service's time. A request line names the request, never its headers (no token can
      // reach a log).
      wrapSerializers: false,
      serializers: { req: requestSummary, res: responseSummary, err: stdSerializers.err },
    },
  };
}

/** What a log line says of a request: its correlation id, method, target and caller, no headers. */
export function requestSummary(request: IncomingMessage & { id?: unknown }): {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
} {
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    remoteAddress: request.socket?.remoteAddress,
  };
}

/** What a log line says of a response: its status. */
export function responseSummary(response: ServerResponse): { statusCode: number } {
  return { statusCode: response.statusCode };
}

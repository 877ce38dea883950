import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { isUtf8 } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import {
  BULK_JSON_SHAPE_LIMITS,
  DEFAULT_JSON_SHAPE_LIMITS,
  jsonShapeViolation,
  type JsonShapeLimits,
} from '../input/json-body-shape';
import { ProblemError } from '../problems/problem-error';
import {
  BodyTooLargeError,
  MalformedJsonError,
  UnacceptableBodyError,
  UnreadableBodyError,
  UnsupportedMediaTypeError,
} from '../problems/request-errors';
import { requestPath, type PlatformRequest } from './platform-request';
import type { RouteBodyLimit } from './route-body-limits';

// Bodies the services read: JSON (including `+json` types such as merge-patch) and CSV imports.
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.-]+\+)?json$/;
const CSV_MEDIA_TYPE = 'text/csv';

/** How large a body may be: HTTP_BODY_LIMIT, unless its route has a limit of its own. */
export interface RequestBodyLimits {
  readonly limitBytes: number;
  readonly routes: readonly RouteBodyLimit[];
  /** Depth and width of JSON bodies; DEFAULT_JSON_SHAPE_LIMITS when absent. */
  readonly jsonShape?: JsonShapeLimits;
  /** The same on routes with a body limit of their own; BULK_JSON_SHAPE_LIMITS when absent. */
  readonly bulkJsonShape?: JsonShapeLimits;
}

/**
 * Installs the body parsers with the configured limits, refuses other media types with 415, and
 * turns the parsers' errors into typed problems. Apps created with `bodyParser: false` get only
 * these; apps created with Nest's defaults (tests) get the same behaviour, because Nest skips
 * its JSON parser when one is installed and the 415 gate runs before its urlencoded one.
 */
export function installRequestBodyParsing(app: INestApplication, limits: RequestBodyLimits): void {
  const express = app as NestExpressApplication;
  if (express.getHttpAdapter().getType() !== 'express') {
    throw new Error('ZoneLedger services run on the Express adapter');
  }
  express.use(refuseUnreadableMediaTypes);
  const limitOf = bodyLimitOf(limits);
  // A pair of parsers per limit, each reading the bodies of the routes that limit is for.
  const distinct = new Set([limits.limitBytes, ...limits.routes.map((route) => route.limitBytes)]);
  for (const limitBytes of distinct) {
    const governs = (request: PlatformRequest) => limitOf(request) === limitBytes;
    express.useBodyParser('json', {
      limit: limitBytes,
      type: (request: PlatformRequest) =>
        governs(request) && JSON_MEDIA_TYPE.test(mediaTypeOf(request)),
      verify: refuseInvalidUtf8,
    });
    express.useBodyParser('text', {
      limit: limitBytes,
      type: (request: PlatformRequest) =>
        governs(request) && mediaTypeOf(request) === CSV_MEDIA_TYPE,
      verify: refuseInvalidUtf8,
    });
  }
  express.use(bodyParserErrorsAsProblems(limitOf));
  express.use(
    refuseUnacceptableJson((request) =>
      limitOf(request) === limits.limitBytes
        ? (limits.jsonShape ?? DEFAULT_JSON_SHAPE_LIMITS)
        : (limits.bulkJsonShape ?? BULK_JSON_SHAPE_LIMITS),
    ),
  );
}

/**
 * Bodies are UTF-8: invalid bytes would otherwise become U+FFFD silently, and the record would
 * not be what the client sent. Runs on the inflated bytes, before they are decoded.
 */
function refuseInvalidUtf8(_request: unknown, _response: unknown, bytes: Buffer): void {
  if (!isUtf8(bytes)) throw new UnreadableBodyError('The body is not valid UTF-8');
}

/** A parsed JSON body too deep or wide, or holding text no field may hold, is refused here. */
function refuseUnacceptableJson(limitsOf: (request: PlatformRequest) => JsonShapeLimits) {
  return (
    request: PlatformRequest & { body?: unknown },
    _response: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    if (typeof request.body !== 'object' || request.body === null) return next();
    const violation = jsonShapeViolation(request.body, limitsOf(request));
    next(violation && new UnacceptableBodyError(violation.path, violation.problem));
  };
}

/** The limit of a request's body: its route's own, or the service-wide one. */
function bodyLimitOf({ limitBytes, routes }: RequestBodyLimits) {
  return (request: PlatformRequest): number => {
    const path = requestPath(request);
    const route = routes.find((r) => routeCovers(r.path, path));
    return route?.limitBytes ?? limitBytes;
  };
}

/**
 * Whether a route's limit covers a request path: the route's path or one below it, a `:name`
 * segment of the route standing for any one segment (`/v1/rounds/:roundId/indicators`).
 */
export function routeCovers(route: string, path: string): boolean {
  const routeSegments = route.split('/');
  const pathSegments = path.split('/');
  if (pathSegments.length < routeSegments.length) return false;
  return routeSegments.every(
    (segment, index) =>
      segment === pathSegments[index] || (segment.startsWith(':') && pathSegments[index] !== ''),
  );
}

/** The Content-Type without its parameters, lower case; empty when there is none. */
function mediaTypeOf(request: PlatformRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function refuseUnreadableMediaTypes(
  request: PlatformRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
) {
  if (!carriesBody(request)) return next();
  const mediaType = mediaTypeOf(request);
  if (JSON_MEDIA_TYPE.test(mediaType) || mediaType === CSV_MEDIA_TYPE) return next();
  next(
    new UnsupportedMediaTypeError(
      mediaType === ''
        ? 'Send a Content-Type with the body: application/json, or text/csv for imports'
        : `Bodies of type ${mediaType} are not accepted; send application/json, or text/csv for imports`,
    ),
  );
}

/** A body is present when it is chunked or has a non-zero length (a bodyless POST sends 0). */
export function carriesBody(request: PlatformRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) !== 0)
  );
}

function isClientError(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** body-parser reports through http-errors with a `type`; these become the platform's problems. */
function bodyParserErrorsAsProblems(limitOf: (request: PlatformRequest) => number) {
  return (
    error: { type?: unknown; message?: string; expose?: unknown; status?: unknown },
    request: PlatformRequest,
    _response: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    // Thrown by our own verify step; body-parser wraps nothing around it but a type.
    if (error instanceof ProblemError) return next(error);
    switch (error.type) {
      case 'entity.too.large':
        return next(new BodyTooLargeError(limitOf(request)));
      case 'entity.parse.failed':
        return next(new MalformedJsonError(`The body is not valid JSON: ${error.message}`));
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return next(new UnsupportedMediaTypeError(error.message ?? 'Unsupported body encoding'));
      default:
        // A body that cannot be inflated (Content-Encoding: gzip on bytes that are not gzip)
        // arrives as a 400 without a type.
        return next(
          (typeof error.type === 'string' || isClientError(error.status)) && error.expose === true
            ? new UnreadableBodyError(
                `The request body could not be read: ${String(error.message ?? '').slice(0, 200)}`,
              )
            : error,
        );
    }
  };
}

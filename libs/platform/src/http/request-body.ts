import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  MalformedJsonError,
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
    });
    express.useBodyParser('text', {
      limit: limitBytes,
      type: (request: PlatformRequest) =>
        governs(request) && mediaTypeOf(request) === CSV_MEDIA_TYPE,
    });
  }
  express.use(bodyParserErrorsAsProblems(limitOf));
}

/** The limit of a request's body: its route's own, or the service-wide one. */
function bodyLimitOf({ limitBytes, routes }: RequestBodyLimits) {
  return (request: PlatformRequest): number => {
    const path = requestPath(request);
    const route = routes.find((r) => path === r.path || path.startsWith(`${r.path}/`));
    return route?.limitBytes ?? limitBytes;
  };
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
function carriesBody(request: PlatformRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) !== 0)
  );
}

/** body-parser reports through http-errors with a `type`; these become the platform's problems. */
function bodyParserErrorsAsProblems(limitOf: (request: PlatformRequest) => number) {
  return (
    error: { type?: unknown; message?: string; expose?: unknown },
    request: PlatformRequest,
    _response: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    switch (error.type) {
      case 'entity.too.large':
        return next(new BodyTooLargeError(limitOf(request)));
      case 'entity.parse.failed':
        return next(new MalformedJsonError(`The body is not valid JSON: ${error.message}`));
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return next(new UnsupportedMediaTypeError(error.message ?? 'Unsupported body encoding'));
      default:
        return next(
          typeof error.type === 'string' && error.expose === true
            ? new UnreadableBodyError(error.message ?? 'The request body could not be read')
            : error,
        );
    }
  };
}

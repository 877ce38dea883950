import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  MalformedJsonError,
  UnreadableBodyError,
  UnsupportedMediaTypeError,
} from '../problems/request-errors';
import type { PlatformRequest } from './platform-request';

/** Bodies the services read: JSON (including `+json` types such as merge-patch) and CSV imports. */
const READABLE_MEDIA_TYPE = /^(application\/([a-z0-9.-]+\+)?json|text\/csv)$/;

/**
 * Installs the body parsers with the configured limit, refuses other media types with 415, and
 * turns the parsers' errors into typed problems. Apps created with `bodyParser: false` get only
 * these; apps created with Nest's defaults (tests) get the same behaviour, because Nest skips
 * its JSON parser when one is installed and the 415 gate runs before its urlencoded one.
 */
export function installRequestBodyParsing(app: INestApplication, limitBytes: number): void {
  const express = app as NestExpressApplication;
  if (express.getHttpAdapter().getType() !== 'express') {
    throw new Error('ZoneLedger services run on the Express adapter');
  }
  express.use(refuseUnreadableMediaTypes);
  express.useBodyParser('json', {
    limit: limitBytes,
    type: ['application/json', 'application/*+json'],
  });
  express.useBodyParser('text', { limit: limitBytes, type: 'text/csv' });
  express.use(bodyParserErrorsAsProblems(limitBytes));
}

function refuseUnreadableMediaTypes(
  request: PlatformRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
) {
  if (!carriesBody(request)) return next();
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (READABLE_MEDIA_TYPE.test(mediaType)) return next();
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
function bodyParserErrorsAsProblems(limitBytes: number) {
  return (
    error: { type?: unknown; message?: string; expose?: unknown },
    _request: PlatformRequest,
    _response: ServerResponse,
    next: (error?: unknown) => void,
  ): void => {
    switch (error.type) {
      case 'entity.too.large':
        return next(new BodyTooLargeError(limitBytes));
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

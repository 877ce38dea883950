import {
  BadRequestException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ConcurrencyConflictError, DomainError } from './problem-error';
import { problemTypeFor } from './problem-details';
import { problemFor } from './problem-mapping';
import { ValidationFailedError } from './request-errors';

const context = { instance: '/zones/z-1/merge', correlationId: 'c-1' };

class ZoneAlreadyMerged extends DomainError {
  readonly code = 'ZONE.ALREADY_MERGED';
}

class ZoneNotFound extends DomainError {
  readonly code = 'ZONE.NOT_FOUND';
  override readonly status = 404;
}

/** Shaped like event-store's error, which the platform does not import. */
class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
}

describe('problemFor', () => {
  it('renders a domain error as a 422 with its code, a derived title and its message', () => {
    expect(
      problemFor(new ZoneAlreadyMerged('Zone z-1 was merged into z-9 in 2021'), context),
    ).toEqual({
      type: 'https://zoneledger.dev/problems/zone-already-merged',
      title: 'Zone already merged',
      status: 422,
      detail: 'Zone z-1 was merged into z-9 in 2021',
      code: 'ZONE.ALREADY_MERGED',
      instance: '/zones/z-1/merge',
      correlationId: 'c-1',
    });
  });

  it('lets a domain error choose 404 or 409, and carry extensions', () => {
    expect(problemFor(new ZoneNotFound('No zone z-1'), context).status).toBe(404);
    expect(
      problemFor(new ConcurrencyConflictError('Zone z-1 is at version 8', 8), context),
    ).toMatchObject({
      status: 409,
      code: 'CONCURRENCY.CONFLICT',
      currentVersion: 8,
    });
  });

  it('lists the field errors of a failed validation', () => {
    const errors = [
      { field: 'mergers[1].zoneId', code: 'isUuid', message: 'zoneId must be a UUID' },
    ];
    expect(problemFor(new ValidationFailedError(errors), context)).toMatchObject({
      status: 400,
      code: 'VALIDATION.FAILED',
      type: 'https://zoneledger.dev/problems/validation-failed',
      detail: 'mergers[1].zoneId: zoneId must be a UUID',
      errors,
    });
  });

  it("maps a library's error by its code, under the code clients should see", () => {
    const mappings = [
      { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', status: 409, as: 'CONCURRENCY.CONFLICT' },
    ];
    expect(
      problemFor(new WrongExpectedVersionError('expected 3, stream at 5'), context, mappings),
    ).toMatchObject({
      status: 409,
      code: 'CONCURRENCY.CONFLICT',
      detail: 'expected 3, stream at 5',
    });
  });

  it('maps every code under a prefix ending in .*', () => {
    const error = Object.assign(new Error('Round 2024 is closed'), { code: 'ROUND.CLOSED' });
    expect(problemFor(error, context, [{ code: 'ROUND.*', status: 422 }])).toMatchObject({
      status: 422,
      code: 'ROUND.CLOSED',
      title: 'Round closed',
    });
  });

  it("names Nest's exceptions by status", () => {
    expect(problemFor(new NotFoundException('Cannot GET /nowhere'), context)).toMatchObject({
      status: 404,
      code: 'HTTP.NOT_FOUND',
      title: 'Not Found',
      detail: 'Cannot GET /nowhere',
    });
    expect(problemFor(new BadRequestException(['a is bad', 'b is bad']), context).detail).toBe(
      'a is bad; b is bad',
    );
  });

  it('hides everything an unexpected error says', () => {
    const unmapped = Object.assign(new Error('relation "zone_view" does not exist at 10.0.3.7'), {
      code: '42P01',
    });
    const problem = problemFor(unmapped, context);
    expect(problem).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      title: 'Internal Server Error',
    });
    expect(JSON.stringify(problem)).not.toMatch(/zone_view|10\.0\.3\.7|42P01/);
    expect(problemFor('thrown string', context).code).toBe('INTERNAL');
  });

  it("hides a 5xx HttpException's message too", () => {
    const problem = problemFor(
      new ServiceUnavailableException({ secret: 'db at 10.0.3.7' }),
      context,
    );
    expect(problem).toMatchObject({ status: 503, code: 'HTTP.SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(problem)).not.toMatch(/10\.0\.3\.7/);
  });
});

describe('problemTypeFor', () => {
  it('turns a dotted code into a kebab-case URI', () => {
    expect(problemTypeFor('EVENT_STORE.WRONG_EXPECTED_VERSION')).toBe(
      'https://zoneledger.dev/problems/event-store-wrong-expected-version',
    );
  });
});

import { problemFor } from '@zoneledger/platform';
import * as errors from '../domain/zone.errors';
import { STATUS_BY_KIND, ZONE_ERROR_MAPPINGS } from './zone-error-mappings';

type ErrorClass = new (...args: unknown[]) => errors.ZoneError;

// Every concrete ZoneError the domain exports, built with placeholder arguments.
const zoneErrors = Object.values(errors as Record<string, unknown>)
  .filter((value): value is ErrorClass => typeof value === 'function' && value !== errors.ZoneError)
  .map((ErrorType) => new ErrorType('zone-a', { year: 2020 }, { year: 2019 }));

describe('ZONE_ERROR_MAPPINGS', () => {
  it('covers the domain errors', () => {
    expect(zoneErrors.length).toBeGreaterThan(10);
  });

  it.each(zoneErrors.map((error) => [error.code, error] as const))(
    'answers %s with the status of its kind, its code and its message',
    (_code, error) => {
      const problem = problemFor(
        error,
        { instance: '/v1/zones', correlationId: 'c-1' },
        ZONE_ERROR_MAPPINGS,
      );
      expect(problem).toMatchObject({
        status: STATUS_BY_KIND[error.kind],
        code: error.code,
        detail: error.message,
      });
    },
  );
});

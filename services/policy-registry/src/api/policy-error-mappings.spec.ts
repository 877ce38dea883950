import { problemFor, STATUS_BY_ERROR_KIND } from '@zoneledger/platform';
import * as dateErrors from '../domain/policy-date.errors';
import * as errors from '../domain/policy.errors';
import { POLICY_ERROR_MAPPINGS } from './policy-error-mappings';

type ErrorClass = new (...args: unknown[]) => errors.PolicyError;

// Every concrete PolicyError the domain exports, built with placeholder arguments (a list of
// ids reads as an id too).
const policyErrors = Object.values({ ...errors, ...dateErrors } as Record<string, unknown>)
  .filter(
    (value): value is ErrorClass => typeof value === 'function' && value !== errors.PolicyError,
  )
  .map((ErrorType) => new ErrorType(['policy-a'], { year: 2020 }, { year: 2019 }));

describe('POLICY_ERROR_MAPPINGS', () => {
  it('covers the domain errors', () => {
    expect(policyErrors.length).toBeGreaterThan(15);
  });

  it.each(policyErrors.map((error) => [error.code, error] as const))(
    'answers %s with the status of its kind, its code and its message',
    (_code, error) => {
      const problem = problemFor(
        error,
        { instance: '/v1/policies', correlationId: 'c-1' },
        POLICY_ERROR_MAPPINGS,
      );
      expect(problem).toMatchObject({
        status: STATUS_BY_ERROR_KIND[error.kind],
        code: error.code,
        detail: error.message,
      });
    },
  );
});

import { problemFor, STATUS_BY_ERROR_KIND } from '@zoneledger/platform';
import type { DomainRefusal } from '@zoneledger/shared-kernel';
import * as errors from '../domain/assessment.errors';
import * as readErrors from '../queries/round-read.errors';
import { ASSESSMENT_ERROR_MAPPINGS } from './assessment-error-mappings';

type ErrorClass = new (...args: unknown[]) => DomainRefusal;

// Every concrete AssessmentError the domain exports, and every error of the reads, built with
// placeholder arguments: an id, a number, and a list (of allowed options).
const assessmentErrors = Object.values({ ...errors, ...readErrors } as Record<string, unknown>)
  .filter(
    (value): value is ErrorClass => typeof value === 'function' && value !== errors.AssessmentError,
  )
  .map((ErrorType) => new ErrorType('round-a', 2, ['one', 'other']));

describe('ASSESSMENT_ERROR_MAPPINGS', () => {
  it('covers the domain and read errors', () => {
    expect(assessmentErrors.length).toBeGreaterThan(35);
    for (const error of assessmentErrors) expect(error.code).toMatch(/^ASSESSMENT\.[A-Z_]+$/);
  });

  it.each(assessmentErrors.map((error) => [error.code, error.constructor.name, error] as const))(
    'answers %s (%s) with the status of its kind, its code and its message',
    (_code, _name, error) => {
      const problem = problemFor(
        error,
        { instance: '/v1/rounds/round-a', correlationId: 'c-1' },
        ASSESSMENT_ERROR_MAPPINGS,
      );
      expect(problem).toMatchObject({
        status: STATUS_BY_ERROR_KIND[error.kind],
        code: error.code,
        detail: error.message,
      });
    },
  );

  it('lists no code that is not a refusal of the kind it is listed under', () => {
    const kindOf = new Map(assessmentErrors.map((error) => [error.code, error.kind]));
    const listed = ASSESSMENT_ERROR_MAPPINGS.filter((mapping) => !mapping.code.endsWith('.*'));
    for (const { code, status } of listed) {
      const kind = kindOf.get(code);
      expect({ code, status }).toEqual({
        code,
        status: kind === undefined ? 'a code no error has' : STATUS_BY_ERROR_KIND[kind],
      });
    }
  });
});

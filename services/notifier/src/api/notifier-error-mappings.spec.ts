import { problemFor, STATUS_BY_ERROR_KIND } from '@zoneledger/platform';
import type { DomainRefusal } from '@zoneledger/shared-kernel';
import * as errors from '../domain/notifier.errors';
import { NOTIFIER_ERROR_MAPPINGS } from './notifier-error-mappings';

type ErrorClass = new (...args: unknown[]) => DomainRefusal;

// Every concrete NotifierError the domain exports, built with placeholder arguments.
const notifierErrors = Object.values(errors as Record<string, unknown>)
  .filter(
    (value): value is ErrorClass => typeof value === 'function' && value !== errors.NotifierError,
  )
  .map((ErrorType) => new ErrorType('sub-a', 'value', 'why'));

const problem = (error: unknown) =>
  problemFor(
    error,
    { instance: '/v1/subscriptions/sub-a', correlationId: 'c-1' },
    NOTIFIER_ERROR_MAPPINGS,
  );

describe('NOTIFIER_ERROR_MAPPINGS', () => {
  it('covers the domain errors', () => {
    expect(notifierErrors.length).toBeGreaterThan(15);
    for (const error of notifierErrors) expect(error.code).toMatch(/^NOTIFIER\.[A-Z_]+$/);
  });

  it.each(notifierErrors.map((error) => [error.code, error.constructor.name, error] as const))(
    'answers %s (%s) with the status of its kind and its message',
    (_code, _name, error) => {
      expect(problem(error)).toMatchObject({
        status: STATUS_BY_ERROR_KIND[error.kind],
        detail: error.message,
      });
    },
  );

  it("answers another's subscription exactly as one that does not exist", () => {
    const notFound = problem(new errors.SubscriptionNotFoundError('sub-a'));
    const notOwner = problem(new errors.NotOwnerError('sub-a'));
    expect(notOwner).toEqual(notFound);
    expect(notOwner).toMatchObject({ status: 404, code: 'NOTIFIER.NOT_FOUND' });
  });

  it('answers every other code as itself', () => {
    for (const error of notifierErrors.filter((e) => e.code !== 'NOTIFIER.NOT_OWNER'))
      expect(problem(error).code).toBe(error.code);
  });

  it('lists no code that is not a refusal of the kind it is listed under', () => {
    const kindOf = new Map(notifierErrors.map((error) => [error.code, error.kind]));
    const listed = NOTIFIER_ERROR_MAPPINGS.filter((mapping) => !mapping.code.endsWith('.*'));
    for (const { code, status } of listed) {
      const kind = kindOf.get(code);
      expect({ code, status }).toEqual({
        code,
        status: kind === undefined ? 'a code no error has' : STATUS_BY_ERROR_KIND[kind],
      });
    }
  });
});

import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isTransientDatabaseError } from './transient-database-error';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('transient database errors', () => {
  it('recognises outages, restarts and concurrency conflicts', () => {
    for (const code of ['08006', '57P01', '53300', '40001', '40P01', 'ECONNREFUSED']) {
      expect(isTransientDatabaseError(withCode(code))).toBe(true);
    }
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isTransientDatabaseError(
        new Error('Client has encountered a connection error and is not queryable'),
      ),
    ).toBe(true);
    expect(isTransientDatabaseError(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(
      isTransientDatabaseError(new Error('query failed', { cause: withCode('ECONNRESET') })),
    ).toBe(true);
  });

  it('leaves failures caused by the event or the code to the dead letters', () => {
    for (const code of ['23505', '42P01', '22P02', 'ZONE.UNKNOWN_ZONE']) {
      expect(isTransientDatabaseError(withCode(code))).toBe(false);
    }
    expect(isTransientDatabaseError(new TypeError('cannot read zoneId of undefined'))).toBe(false);
    expect(isTransientDatabaseError('a string')).toBe(false);
  });
});

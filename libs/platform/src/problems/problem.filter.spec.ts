import { type ArgumentsHost, Logger } from '@nestjs/common';
import { ProblemFilter } from './problem.filter';
import { DomainError } from './problem-error';

class ZoneAlreadyMerged extends DomainError {
  readonly code = 'ZONE.ALREADY_MERGED';
}

/** What the filter wrote: status, headers and the parsed body. */
interface Answer {
  status?: number;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
}

function httpHost(answer: Answer): ArgumentsHost {
  const request = { id: 'c-1', url: '/v1/zones?page=2' };
  const response = {
    headersSent: false,
    set statusCode(status: number) {
      answer.status = status;
    },
    setHeader: (name: string, value: string) => {
      answer.headers[name.toLowerCase()] = value;
    },
    end: (body: string) => {
      answer.body = JSON.parse(body) as Record<string, unknown>;
    },
  };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

function answerTo(error: unknown): Answer {
  const answer: Answer = { headers: {} };
  new ProblemFilter([]).catch(error, httpHost(answer));
  return answer;
}

describe('ProblemFilter', () => {
  // The filter logs 5xx answers; what it answers is what is under test here.
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a lost database connection 503 DATABASE.UNAVAILABLE with Retry-After', () => {
    const lost = new Error('Connection terminated unexpectedly');
    const answer = answerTo(lost);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({
      status: 503,
      code: 'DATABASE.UNAVAILABLE',
      instance: '/v1/zones',
      correlationId: 'c-1',
    });
  });

  it('answers a deadlock the database broke (40P01) the same way: a retry succeeds', () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    expect(answerTo(deadlock)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { code: 'DATABASE.UNAVAILABLE' },
    });
  });

  it('answers other errors by their mapping, without Retry-After', () => {
    const refused = answerTo(new ZoneAlreadyMerged('zone z-1 was merged into z-9'));
    expect(refused.status).toBe(422);
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(refused.body).toMatchObject({ code: 'ZONE.ALREADY_MERGED' });

    const constraint = Object.assign(new Error('duplicate key'), { code: '23505' });
    const failed = answerTo(constraint);
    expect(failed.status).toBe(500);
    expect(failed.headers['retry-after']).toBeUndefined();
  });
});

import { InvalidHeaderError } from '../problems/request-errors';
import { parseIdempotencyKey } from './idempotency-key';
import { etagFor, parseIfMatch } from './if-match';

describe('etagFor', () => {
  it('quotes the version as a strong ETag', () => {
    expect(etagFor(0)).toBe('"0"');
    expect(etagFor(42)).toBe('"42"');
  });

  it('refuses what is not a version', () => {
    expect(() => etagFor(-1)).toThrow(RangeError);
    expect(() => etagFor(1.5)).toThrow(RangeError);
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['"7"', 7],
    ['W/"7"', 7],
    [' "0" ', 0],
    [etagFor(123), 123],
  ])('reads %j as version %d', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it('expects nothing when the header is absent or any version will do', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['7', '"seven"', '"-1"', '"1", "2"', 'w/"7"', '""', '"1234567890123456"'])(
    'refuses %j with REQUEST.INVALID_IF_MATCH',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(
        expect.objectContaining({ code: 'REQUEST.INVALID_IF_MATCH', status: 400 }),
      );
    },
  );
});

describe('parseIdempotencyKey', () => {
  it('passes a printable key through and an absent one as undefined', () => {
    expect(parseIdempotencyKey('0b6f4c1e-4a7a-4d1e-9a55-3f0f0c6b1d2e')).toBe(
      '0b6f4c1e-4a7a-4d1e-9a55-3f0f0c6b1d2e',
    );
    expect(parseIdempotencyKey('a'.repeat(200))).toHaveLength(200);
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['', 'a'.repeat(201), 'key\u0007bell', 'ключ'])('refuses %j', (header) => {
    expect(() => parseIdempotencyKey(header)).toThrow(InvalidHeaderError);
  });

  it('refuses an absent key when the operation requires one', () => {
    expect(() => parseIdempotencyKey(undefined, { required: true })).toThrow(
      expect.objectContaining({ code: 'REQUEST.INVALID_IDEMPOTENCY_KEY' }),
    );
  });
});

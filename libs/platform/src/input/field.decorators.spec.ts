import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Nested, Optional, QueryDateTime, QueryInteger, Text } from './field.decorators';

class Place {
  @Text({ max: 10 }) name!: string;
}

class Body {
  @Text({ max: 10 }) name!: string;
  @Optional() @Text({ max: 10 }) city?: string;
  @Optional({ nullable: true }) @Nested(() => Place) approvedBy?: Place | null;
  @Optional() @Text({ max: 5, each: true }) tags?: string[];
  @Optional() @Text({ max: 50, multiline: true }) note?: string;
}

class Query {
  @Optional() @QueryInteger({ min: 0, max: 1000 }) offset?: number;
  @Optional() @QueryDateTime() asOf?: Date;
}

function errorsOf<T extends object>(type: new () => T, plain: object): Record<string, string[]> {
  const errors = validateSync(plainToInstance(type, plain) as object, { stopAtFirstError: true });
  return Object.fromEntries(
    errors.map((error) => [
      error.property,
      [
        ...Object.values(error.constraints ?? {}),
        ...(error.children ?? []).flatMap((child) => Object.values(child.constraints ?? {})),
      ],
    ]),
  );
}

describe('field rules every DTO uses', () => {
  it('takes a valid body, trimmed', () => {
    const body = plainToInstance(Body, { name: '  苏州  ', tags: [' ai '] });
    expect(validateSync(body)).toEqual([]);
    expect(body).toMatchObject({ name: '苏州', tags: ['ai'] });
  });

  it('refuses blank and whitespace-only text', () => {
    expect(Object.keys(errorsOf(Body, { name: '' }))).toEqual(['name']);
    expect(Object.keys(errorsOf(Body, { name: ' \t ' }))).toEqual(['name']);
  });

  it('refuses control characters and line breaks in one-line text, not in multiline text', () => {
    expect(errorsOf(Body, { name: 'a\nb' }).name).toEqual(['name holds a line break or tab']);
    expect(errorsOf(Body, { name: 'a\u0001b' }).name[0]).toMatch(/control character \(U\+0001\)/);
    expect(errorsOf(Body, { name: 'ok', note: 'two\nlines' })).toEqual({});
    expect(Object.keys(errorsOf(Body, { name: 'ok', tags: ['ok', 'b\nad'] }))).toEqual(['tags']);
  });

  it('lets optional fields be left out, but not be null unless nullable', () => {
    expect(errorsOf(Body, { name: 'ok' })).toEqual({});
    expect(errorsOf(Body, { name: 'ok', city: null }).city).toEqual([
      'city may be left out, but not null',
    ]);
    expect(errorsOf(Body, { name: 'ok', approvedBy: null })).toEqual({});
  });

  it('requires required fields, and nested objects to be objects', () => {
    expect(Object.keys(errorsOf(Body, {}))).toEqual(['name']);
    expect(errorsOf(Body, { name: 'ok', approvedBy: [] }).approvedBy).toEqual([
      'approvedBy must be an object',
    ]);
    expect(errorsOf(Body, { name: 'ok', approvedBy: { name: '' } }).approvedBy).toHaveLength(1);
  });

  it('reads query integers in decimal digits only, within bounds', () => {
    expect(plainToInstance(Query, { offset: '20' }).offset).toBe(20);
    for (const offset of ['0x10', '1e3', '-1', '01', '1.5', ' 1', 'NaN', '1001', '1'.repeat(20)]) {
      expect(Object.keys(errorsOf(Query, { offset }))).toEqual(['offset']);
    }
    expect(Object.keys(errorsOf(Query, { offset: ['1', '2'] }))).toEqual(['offset']);
  });

  it('reads asOf as an RFC 3339 moment that exists', () => {
    expect(plainToInstance(Query, { asOf: '2024-01-31T08:00:00Z' }).asOf).toEqual(
      new Date('2024-01-31T08:00:00Z'),
    );
    for (const asOf of ['2023-02-30', '0000-01-01', '+012023-01-01T00:00:00Z', 'yesterday']) {
      expect(errorsOf(Query, { asOf }).asOf?.[0]).toMatch(/RFC 3339/);
    }
  });
});

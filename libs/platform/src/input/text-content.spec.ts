import { forbiddenCharacterIn, forbiddenInLine } from './text-content';

describe('text no field may hold', () => {
  it.each([
    ['U+0000', 'a\u0000b'],
    ['a C0 control', 'a\u0007b'],
    ['DEL', 'a\u007fb'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'ab\ud83d'],
  ])('refuses %s', (_name, text) => {
    expect(forbiddenCharacterIn(text)).toMatch(/holds/);
  });

  it('names the character and where it is', () => {
    expect(forbiddenCharacterIn('ab\u0000')).toBe('holds a control character (U+0000) at index 2');
    expect(forbiddenCharacterIn('\udfff')).toBe('holds an unpaired surrogate (U+DFFF) at index 0');
  });

  it.each([
    '苏州工业园区',
    'Suzhou Industrial Park',
    'emoji 🏭 pairs',
    'line\nbreaks\tand\r\n tabs',
  ])('accepts %j', (text) => {
    expect(forbiddenCharacterIn(text)).toBeUndefined();
  });

  it('keeps names and ids on one line', () => {
    expect(forbiddenInLine('two\nlines')).toBe('holds a line break or tab');
    expect(forbiddenInLine('carriage\rreturn')).toBe('holds a line break or tab');
    expect(forbiddenInLine('a\u2028b')).toBe('holds a line break or tab');
    expect(forbiddenInLine('苏州 🏭')).toBeUndefined();
  });
});

import { autonomyGrantsOf, grantsAnyPower } from './policy-content.rules';

describe('grantsAnyPower', () => {
  it('is false for measures that grant nothing, or only blank powers', () => {
    expect(grantsAnyPower([])).toBe(false);
    expect(grantsAnyPower([{ text: 'Improve the assessment' }])).toBe(false);
    expect(grantsAnyPower([{ text: 'Improve the assessment', grantsPower: '  ' }])).toBe(false);
  });

  it('is true when a recorded measure grants a power', () => {
    expect(
      grantsAnyPower([{ text: 'Improve' }, { text: 'Approve projects', grantsPower: 'approve' }]),
    ).toBe(true);
  });

  it('is false for a power on a blank measure, which is not recorded', () => {
    expect(grantsAnyPower([{ text: ' ', grantsPower: 'approve' }])).toBe(false);
  });
});

describe('autonomyGrantsOf', () => {
  it('grants each power once, to every zone without repeats, numbered by its first measure', () => {
    expect(
      autonomyGrantsOf(
        [
          { text: 'a' },
          { text: 'b', grantsPower: 'approve' },
          { text: 'c', grantsPower: 'approve' },
        ],
        ['z1', 'z2', 'z1'],
      ),
    ).toEqual([{ power: 'approve', zoneIds: ['z1', 'z2'], measureNumber: 2 }]);
  });
});

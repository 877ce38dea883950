import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indicatorsOf, methodologyOf, type MethodologyInput } from './methodology';

// The methodology seed files (services/assessment-engine/seed/methodologies) are data a person
// reads and corrects: every one must pass methodologyOf, and say what it assumes.

const SEEDS = join(__dirname, '..', '..', 'seed', 'methodologies');
const files = readdirSync(SEEDS).filter((file) => file.endsWith('.json'));
const seed = (file: string): MethodologyInput =>
  JSON.parse(readFileSync(join(SEEDS, file), 'utf8')) as MethodologyInput;
const methodology = (file: string) => methodologyOf(seed(file));
const countsOf = (file: string) =>
  Object.fromEntries(methodology(file).dimensions.map((d) => [d.key, d.indicators.length]));
const weightsOf = (file: string) =>
  Object.fromEntries(methodology(file).dimensions.map((d) => [d.key, d.weight]));

describe('methodology seed files', () => {
  it('holds the three methodologies', () =>
    expect(files.sort()).toEqual([
      'ccid-top100-parks.json',
      'mofcom-etdz-2016.json',
      'mofcom-etdz-2021.json',
    ]));

  it.each(files)(
    '%s is a valid methodology, named after its id, saying what it assumes',
    (file) => {
      const input = seed(file);
      const valid = methodologyOf(input);
      expect(file).toBe(`${valid.methodologyId}.json`);
      expect(valid.notes).toMatch(/assumed/i);
      for (const dimension of input.dimensions)
        for (const indicator of dimension.indicators)
          expect(typeof indicator.assumed).toBe('boolean');
      // Kept as given: readers need to know which indicators are assumed.
      expect(indicatorsOf(valid).map((indicator) => indicator.assumed)).toEqual(
        input.dimensions.flatMap((d) => d.indicators.map((indicator) => indicator.assumed)),
      );
    },
  );

  it("MofCOM 2021: the published weights and the counts of four dimensions' indicators", () => {
    expect(weightsOf('mofcom-etdz-2021.json')).toEqual({
      'opening-up': 0.3,
      'development-quality': 0.3,
      'technology-innovation': 0.15,
      'green-development': 0.15,
      coordination: 0.1,
    });
    expect(countsOf('mofcom-etdz-2021.json')).toMatchObject({
      'opening-up': 7,
      'technology-innovation': 6,
      'green-development': 5,
      coordination: 4,
    });
    expect(methodology('mofcom-etdz-2021.json').weightsPublished).toBe(true);
  });

  it('MofCOM 2021: green development is all lower-is-better, CO2 growth may be negative', () => {
    const green = methodology('mofcom-etdz-2021.json').dimensions.find(
      (d) => d.key === 'green-development',
    );
    expect(green?.indicators.map((i) => i.direction)).toEqual(
      Array(5).fill('DIRECTION_LOWER_IS_BETTER'),
    );
    expect(green?.indicators.find((i) => i.key === 'co2-growth')?.allowsNegative).toBe(true);
  });

  it('MofCOM 2016: five dimensions, weights unpublished, technology innovation the heaviest', () => {
    const m2016 = methodology('mofcom-etdz-2016.json');
    expect(m2016.weightsPublished).toBe(false);
    expect(m2016.dimensions.map((d) => d.key)).toEqual([
      'industrial-base',
      'technology-innovation',
      'regional-driving-role',
      'ecology-environment',
      'administrative-efficiency',
    ]);
    const heaviest = [...m2016.dimensions].sort((a, b) => b.weight - a.weight)[0];
    expect(heaviest.key).toBe('technology-innovation');
    expect(m2016.notes).toMatch(/not published/i);
  });

  it('CCID top 100: five dimensions with their published weights, 24 indicators', () => {
    expect(weightsOf('ccid-top100-parks.json')).toEqual({
      'technology-innovation': 0.3,
      'industrial-upgrading': 0.25,
      'three-transformations': 0.2,
      opening: 0.15,
      'investment-environment': 0.1,
    });
    expect(indicatorsOf(methodology('ccid-top100-parks.json'))).toHaveLength(24);
  });
});

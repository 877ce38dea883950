import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encodeEventData, EventContracts, Topics, type EventContract } from '@zoneledger/contracts';

// docs/event-catalogue.md is written by hand for people; this keeps it true to the registered
// contracts: every topic in its table, every event in the section of its package and topic with
// exactly its protobuf message's fields, and no event that is not registered. (That every event
// message of proto/ is registered is checked in libs/contracts' event-contract-registry.spec.ts.)

const catalogue = readFileSync(resolve(__dirname, '..', 'docs', 'event-catalogue.md'), 'utf8');

/** One row of a markdown table: its cells, trimmed. */
const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
const isSeparator = (cells: readonly string[]) => cells.every((cell) => /^:?-+:?$/.test(cell));
/** The names quoted as code in a cell: `zone_id`, `name_zh`, ... */
const codeIn = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

/** The tables of a piece of markdown: header cells and body rows. */
function tablesOf(text: string): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trim().startsWith('|') || !isSeparator(cellsOf(lines[i + 1]))) continue;
    const table = { header: cellsOf(lines[i]), rows: [] as string[][] };
    for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++)
      table.rows.push(cellsOf(lines[i]));
    tables.push(table);
  }
  return tables;
}

/** The level-2 sections: heading and text up to the next level-2 heading. */
function sectionsOf(text: string): { heading: string; body: string }[] {
  return text
    .split(/^## /m)
    .slice(1)
    .map((part) => {
      const newline = part.indexOf('\n');
      return { heading: part.slice(0, newline).trim(), body: part.slice(newline + 1) };
    });
}

/** An event as the catalogue lists it. */
interface CatalogueEntry {
  readonly ceType: string;
  readonly topic: string;
  readonly fields: readonly string[];
  readonly meaning: string;
}

// "## Zone events (`zoneledger.zone.v1`, topic `zoneledger.zones.v1`)"
const EVENT_SECTION = /^\w+ events \(`(zoneledger\.[a-z]+\.v\d+)`, topic `([^`]+)`\)$/;

/** Every row of the event tables (first column `event`) of the event sections. */
function catalogueEntries(text: string): CatalogueEntry[] {
  return sectionsOf(text).flatMap(({ heading, body }) => {
    const section = EVENT_SECTION.exec(heading);
    if (!section) return [];
    const [, packageName, topic] = section;
    return tablesOf(body)
      .filter((table) => /^event\b/.test(table.header[0]))
      .flatMap((table) => {
        const fieldsColumn = table.header.indexOf('fields');
        const meaningColumn = table.header.indexOf('meaning');
        return table.rows.map((row) => ({
          ceType: `${packageName}.${codeIn(row[0]).join('')}`,
          topic,
          fields: codeIn(row[fieldsColumn] ?? ''),
          meaning: row[meaningColumn] ?? '',
        }));
      });
  });
}

/** The field names of a contract's protobuf message, as the .proto file spells them. */
const protoFieldsOf = (contract: EventContract) =>
  contract.schema.fields.map((field) => field.name).sort();

/** An example's data: the json block after a paragraph that starts by naming its event. */
interface CatalogueExample {
  readonly ceType: string;
  readonly json: string;
}

/** The examples of the event sections: each json block, named by the paragraph before it. */
function catalogueExamples(text: string): CatalogueExample[] {
  return sectionsOf(text).flatMap(({ heading, body }) => {
    const section = EVENT_SECTION.exec(heading);
    if (!section) return [];
    return [...body.matchAll(/```json\n([\s\S]*?)\n```/g)].map((block) => {
      const before = body
        .slice(0, block.index)
        .trimEnd()
        .split(/\n\s*\n/);
      const [name] = codeIn(before[before.length - 1] ?? '');
      return { ceType: `${section[1]}.${name}`, json: block[1] };
    });
  });
}

const entries = catalogueEntries(catalogue);
const entryOf = (ceType: string) => entries.filter((entry) => entry.ceType === ceType);

describe('docs/event-catalogue.md', () => {
  it('lists every domain topic once, with the package of the events on it', () => {
    const topicsSection = sectionsOf(catalogue).find((section) => section.heading === 'Topics');
    const [table] = tablesOf(topicsSection?.body ?? '');
    const listed = (table?.rows ?? []).map((row) => [codeIn(row[0])[0], codeIn(row[2])[0]]);
    const expected = Object.values(Topics).map((topic) => {
      const packages = new Set(
        EventContracts.filter((contract) => contract.topic === topic).map((contract) =>
          contract.ceType.split('.').slice(0, -1).join('.'),
        ),
      );
      expect(packages.size).toBe(1);
      return [topic, `${[...packages][0]}.*`];
    });
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('finds events in the tables it reads', () => {
    // A catalogue whose layout the parser no longer reads must fail here, not pass empty.
    expect(entries.length).toBeGreaterThanOrEqual(EventContracts.length);
  });

  it.each(EventContracts.map((contract) => [contract.ceType, contract] as const))(
    'describes %s once, in the section of its topic, with its message fields',
    (ceType, contract) => {
      const found = entryOf(ceType);
      expect(found.map((entry) => `${entry.ceType} on ${entry.topic}`)).toEqual([
        `${ceType} on ${contract.topic}`,
      ]);
      const [entry] = found;
      expect([...new Set(entry.fields)].sort()).toEqual(protoFieldsOf(contract));
      expect(entry.meaning.length).toBeGreaterThan(0);
    },
  );

  it('describes no event that is not registered, nor on another topic', () => {
    const stale = entries.filter(
      (entry) =>
        !EventContracts.some(
          (contract) => contract.ceType === entry.ceType && contract.topic === entry.topic,
        ),
    );
    expect(stale.map((entry) => `${entry.ceType} on ${entry.topic}`)).toEqual([]);
  });

  it('gives examples only of registered events, each data its contract encodes', () => {
    const examples = catalogueExamples(catalogue);
    expect(examples.length).toBeGreaterThan(0);
    const problems = examples.flatMap(({ ceType, json }) => {
      try {
        encodeEventData(ceType, JSON.parse(json));
        return [];
      } catch (error) {
        return [`${ceType}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });
});

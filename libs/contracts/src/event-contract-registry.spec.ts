import type { DescFile } from '@bufbuild/protobuf';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UnknownEventTypeError } from './contract-errors';
import { contractForDomainEvent, eventContract, EventContracts } from './event-contract-registry';
import { Topics } from './topics';

const genRoot = join(__dirname, 'gen');

// Every generated file of proto/zoneledger/<context>/v1, except the shared value types in common/.
function contextProtoFiles(): DescFile[] {
  const files: DescFile[] = [];
  for (const context of readdirSync(join(genRoot, 'zoneledger'))) {
    if (context === 'common') continue;
    for (const version of readdirSync(join(genRoot, 'zoneledger', context))) {
      const dir = join(genRoot, 'zoneledger', context, version);
      for (const name of readdirSync(dir).filter((n) => n.endsWith('_pb.ts'))) {
        const generated = require(join(dir, name)) as Record<string, unknown>;
        const descriptors = Object.entries(generated).filter(([key]) => key.startsWith('file_'));
        if (descriptors.length !== 1)
          throw new Error(`${relative(genRoot, join(dir, name))}: expected one file descriptor`);
        files.push(descriptors[0][1] as DescFile);
      }
    }
  }
  return files;
}

// An event is any top-level message of an *_events.proto file, and any past-tense message name
// elsewhere (an event declared in the wrong file must not slip through either).
function isEvent(file: DescFile, messageName: string): boolean {
  return file.name.endsWith('_events') || /(ed|Set)$/.test(messageName);
}

describe('event contract registry', () => {
  it('registers every event message of proto/zoneledger/**/v1', () => {
    const files = contextProtoFiles();
    expect(files.length).toBeGreaterThan(0);
    const events = files.flatMap((file) =>
      file.messages.filter((m) => isEvent(file, m.name)).map((m) => m.typeName),
    );
    expect(events).toContain('zoneledger.zone.v1.ZonesMerged');
    const registered = EventContracts.map((contract) => contract.ceType);
    expect(registered.sort()).toEqual([...events].sort());
  });

  it.each(EventContracts.map((c) => [c.ceType, c] as const))(
    'names %s consistently',
    (ceType, contract) => {
      expect(ceType).toBe(contract.schema.typeName);
      expect(ceType).toMatch(/^zoneledger\.[a-z]+\.v\d+\.[A-Z][A-Za-z]+$/);
      expect(contract.domainType).toBe(contract.schema.name);
      expect(contract.dataschema).toBe(`urn:zoneledger:proto:${ceType}`);
      expect(Object.values(Topics)).toContain(contract.topic);
      // The topic's version follows the package's: a v2 message never lands on a v1 topic.
      expect(contract.topic.split('.').pop()).toBe(ceType.split('.')[2]);
    },
  );

  it('finds a contract by CloudEvents type and by domain event type', () => {
    const byCeType = eventContract('zoneledger.zone.v1.ZonesMerged');
    expect(byCeType).toMatchObject({
      aggregate: 'zone',
      domainType: 'ZonesMerged',
      topic: 'zoneledger.zones.v1',
    });
    expect(contractForDomainEvent('zone', 'ZonesMerged')).toBe(byCeType);
  });

  it('refuses unknown types with a typed error', () => {
    expect(() => eventContract('zoneledger.zone.v1.ZoneVanished')).toThrow(UnknownEventTypeError);
    expect(() => contractForDomainEvent('policy', 'ZoneRegistered')).toThrow(
      expect.objectContaining({
        code: 'CONTRACTS.UNKNOWN_EVENT_TYPE',
        eventType: 'policy/ZoneRegistered',
      }),
    );
  });
});

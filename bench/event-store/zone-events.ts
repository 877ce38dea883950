import { randomUUID } from 'node:crypto';

/** The type of every benchmark event: a zone's profile as the registry records it. */
export const ZONE_EVENT_TYPE = 'ZoneProfileUpdated';

/** A zone profile of about 300 bytes of JSON, the size of a typical ZoneLedger event. */
export function zoneProfile(sequence: number) {
  return {
    name: 'Suzhou Industrial Park',
    province: 'Jiangsu',
    level: 'national',
    kind: 'economic-and-technological-development-zone',
    areaKm2: 278.0,
    industries: ['integrated-circuits', 'biomedicine', 'nanotechnology', 'artificial-intelligence'],
    population: 1130000,
    gdpBillionYuan: 3686.0,
    sequence,
  };
}

/** The metadata a command handler attaches to an append (about 136 bytes of JSON). */
export const zoneMetadata = () => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'bench@zoneledger',
});

import { defineEventContract, type EventOrigin } from './event-contract';
import {
  ZoneAutonomyGrantedSchema,
  ZoneDowngradedSchema,
  ZoneExitedSchema,
  ZoneIndustryFocusSetSchema,
  ZoneProfileUpdatedSchema,
  ZoneRegisteredSchema,
  ZoneRenamedSchema,
  ZonesMergedSchema,
  ZoneUpgradedSchema,
} from './gen/zoneledger/zone/v1/zone_events_pb';
import { Topics } from './topics';

// The zone-registry records these on zone streams (ZonesMerged on every involved zone's stream).
const zone: EventOrigin = { aggregate: 'zone', topic: Topics.zones };

/** The zone events (proto/zoneledger/zone/v1/zone_events.proto). */
export const ZoneEventContracts = [
  defineEventContract(ZoneRegisteredSchema, zone),
  defineEventContract(ZoneProfileUpdatedSchema, zone),
  defineEventContract(ZoneRenamedSchema, zone),
  defineEventContract(ZoneIndustryFocusSetSchema, zone),
  defineEventContract(ZoneUpgradedSchema, zone),
  defineEventContract(ZoneDowngradedSchema, zone),
  defineEventContract(ZoneExitedSchema, zone),
  defineEventContract(ZoneAutonomyGrantedSchema, zone),
  defineEventContract(ZonesMergedSchema, zone),
] as const;

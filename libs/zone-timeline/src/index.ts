// The zone timeline: a read model of zoneledger.zones.v1 that the contexts reading zones keep in
// their own schema (the policy-registry for scopes, the assessment-engine for populations).
export {
  zoneTimelineChange,
  type ZoneMergerRow,
  type ZoneStateRow,
  type ZoneTimelineChange,
} from './zone-timeline.fold';
export { ZONE_TIMELINE, zoneTimelineProjection } from './zone-timeline.projection';
export { absorbedZones, MAX_MERGER_DEPTH, zonesOnDay, type ZoneOnDayRow } from './zones-on-day.sql';

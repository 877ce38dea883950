// The events a subscription can ask for: every event of the three domain topics, by the message
// names of proto/zoneledger/{zone,policy,assessment}/v1/*_events.proto (the domain event types the
// event stores record, and the last part of each CloudEvent's ce_type).

export const ZONE_EVENT_TYPES = [
  'ZoneRegistered',
  'ZoneProfileUpdated',
  'ZoneRenamed',
  'ZoneIndustryFocusSet',
  'ZoneUpgraded',
  'ZoneDowngraded',
  'ZoneExited',
  'ZoneAutonomyGranted',
  'ZonesMerged',
] as const;

export const POLICY_EVENT_TYPES = [
  'PolicyIssued',
  'PolicyAmended',
  'PolicySuperseded',
  'PolicyRepealed',
  'PolicyAutonomyExtended',
] as const;

export const ASSESSMENT_EVENT_TYPES = [
  'MethodologyVersionCreated',
  'RoundOpened',
  'IndicatorsSubmitted',
  'IndicatorCorrected',
  'RoundScored',
  'ZoneScored',
  'RoundPublished',
  'ZoneScoreChanged',
  'ZoneRankChanged',
  'ExitWarningIssued',
  'PublishedRankingImported',
] as const;

/** An event type a filter can name. */
export type NotifiableEventType =
  | (typeof ZONE_EVENT_TYPES)[number]
  | (typeof POLICY_EVENT_TYPES)[number]
  | (typeof ASSESSMENT_EVENT_TYPES)[number];

/** Every event type a filter can name: a filter naming all of them receives every event. */
export const NOTIFIABLE_EVENT_TYPES: readonly NotifiableEventType[] = [
  ...ZONE_EVENT_TYPES,
  ...POLICY_EVENT_TYPES,
  ...ASSESSMENT_EVENT_TYPES,
];

const PACKAGES = new Map<string, readonly NotifiableEventType[]>([
  ['zoneledger.zone.v1.', ZONE_EVENT_TYPES],
  ['zoneledger.policy.v1.', POLICY_EVENT_TYPES],
  ['zoneledger.assessment.v1.', ASSESSMENT_EVENT_TYPES],
]);

/**
 * The event type named by a domain event type ("ZoneRankChanged") or a CloudEvent type
 * ("zoneledger.assessment.v1.ZoneRankChanged", in its own package only); undefined for anything
 * else (a later contract's event this notifier does not know yet).
 */
export function notifiableEventType(name: string): NotifiableEventType | undefined {
  for (const [prefix, types] of PACKAGES)
    if (name.startsWith(prefix)) return types.find((type) => prefix + type === name);
  return NOTIFIABLE_EVENT_TYPES.find((type) => type === name);
}

/** The CloudEvent type of an event type, e.g. "zoneledger.assessment.v1.ZoneRankChanged". */
export function notifiableCeType(type: NotifiableEventType): string {
  for (const [prefix, types] of PACKAGES) if (types.includes(type)) return prefix + type;
  throw new Error(`no package holds the event type ${type}`);
}

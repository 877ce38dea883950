import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ZoneHistoryEntry } from '../../application/zone-reader';
import type {
  ZoneAutonomyGranted,
  ZoneDowngraded,
  ZoneEvent,
  ZoneExited,
  ZoneIndustryFocusSet,
  ZoneProfileUpdated,
  ZoneRegistered,
  ZoneRenamed,
  ZonesMerged,
  ZoneUpgraded,
} from '../../domain/zone.events';
import { CalendarDateDto } from './calendar-date.dto';
import { discriminatedUnion } from './discriminated-union';
import { MERGER_KINDS, REGIONS, ZONE_KINDS, ZONE_LEVELS } from './zone-vocabulary';

// A zone's history as GET /v1/zones/{id}/history returns it: each entry an event, its `data` the
// proto JSON of the event (proto/zoneledger/zone/v1/zone_events.proto), its `type` telling which.
// Each data class implements its event's data: a required field an event gains fails to compile.

type EventData<Event extends ZoneEvent> = Event['data'];

/** A zone as a registration, or a merger that creates it, records it. */
export class ZoneRegistrationDataDto implements Omit<EventData<ZoneRegistered>, 'approvedOn'> {
  @ApiProperty({ example: 'suzhou-industrial-park' }) zoneId!: string;
  @ApiProperty({ example: '苏州工业园区' }) nameZh!: string;
  @ApiProperty({ example: 'Suzhou Industrial Park' }) nameEn!: string;
  @ApiProperty({ enum: ZONE_KINDS }) kind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) level!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ description: 'Official name', example: '江苏省' }) province!: string;
  @ApiProperty({ description: 'Empty when not known', example: '苏州市' }) city!: string;
  @ApiProperty({ enum: REGIONS }) region!: (typeof REGIONS)[number];
  @ApiProperty({ type: [String], example: ['电子信息', '生物医药'] }) industryFocus!: string[];
}

export class ZoneRegisteredDataDto
  extends ZoneRegistrationDataDto
  implements EventData<ZoneRegistered>
{
  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: "Approval at the zone's level; absent when not known",
  })
  approvedOn?: CalendarDateDto;
}

export class ZoneProfileUpdatedDataDto implements EventData<ZoneProfileUpdated> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ description: 'Official name', example: '江苏省' }) province!: string;
  @ApiProperty({ description: 'Empty when not known', example: '苏州市' }) city!: string;
  @ApiProperty({ enum: REGIONS }) region!: (typeof REGIONS)[number];
  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: "Approval at the zone's level; absent when not known",
  })
  approvedOn?: CalendarDateDto;
  @ApiProperty({ example: 'Wujiang became a district of Suzhou' }) reason!: string;
}

export class ZoneRenamedDataDto implements EventData<ZoneRenamed> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ example: '苏州工业园区' }) nameZh!: string;
  @ApiProperty({ example: 'Suzhou Industrial Park' }) nameEn!: string;
  @ApiProperty({ example: '中国—新加坡苏州工业园区' }) previousNameZh!: string;
  @ApiProperty({ example: 'China-Singapore Suzhou Industrial Park' }) previousNameEn!: string;
  @ApiPropertyOptional({
    type: CalendarDateDto,
    description: 'Absent for a corrected name: it was always so',
  })
  effectiveOn?: CalendarDateDto;
  @ApiPropertyOptional() basisPolicyId?: string;
  @ApiPropertyOptional({ description: 'Why the names were corrected (corrections only)' })
  reason?: string;
}

export class ZoneIndustryFocusSetDataDto implements EventData<ZoneIndustryFocusSet> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ type: [String], example: ['集成电路', '纳米技术'] }) industryFocus!: string[];
  @ApiPropertyOptional({ type: CalendarDateDto }) effectiveOn?: CalendarDateDto;
}

export class ZoneUpgradedDataDto implements EventData<ZoneUpgraded> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: ZONE_LEVELS }) previousLevel!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) level!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ enum: ZONE_KINDS }) previousKind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ enum: ZONE_KINDS }) kind!: (typeof ZONE_KINDS)[number];
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty({ example: 'state-council-2010-1' }) basisPolicyId!: string;
}

export class ZoneDowngradedDataDto implements EventData<ZoneDowngraded> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ enum: ZONE_LEVELS }) previousLevel!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ enum: ZONE_LEVELS }) level!: (typeof ZONE_LEVELS)[number];
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiPropertyOptional() basisPolicyId?: string;
  @ApiProperty() reason!: string;
}

export class ZoneExitedDataDto implements EventData<ZoneExited> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty() basisPolicyId!: string;
  @ApiProperty() reason!: string;
}

export class ZoneAutonomyGrantedDataDto implements EventData<ZoneAutonomyGranted> {
  @ApiProperty() zoneId!: string;
  @ApiProperty({ example: '土地集约利用审批权' }) power!: string;
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
}

export class ZonesMergedDataDto implements EventData<ZonesMerged> {
  @ApiProperty() mergerId!: string;
  @ApiProperty() survivingZoneId!: string;
  @ApiProperty({ type: [String] }) absorbedZoneIds!: string[];
  @ApiPropertyOptional({
    type: ZoneRegistrationDataDto,
    description: 'Set only when the merger created the surviving zone',
  })
  newZone?: ZoneRegistrationDataDto;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
  @ApiProperty({ enum: MERGER_KINDS }) kind!: (typeof MERGER_KINDS)[number];
  @ApiPropertyOptional() basisPolicyId?: string;
}

/** What every entry of a zone's history states, whatever its event. */
abstract class ZoneHistoryEntryDto {
  @ApiProperty({ type: 'integer', description: "The event's version in the zone's stream" })
  version!: number;
  @ApiProperty() recordedAt!: Date;
  @ApiPropertyOptional({ description: 'Who issued the command', example: 'alice' })
  actor?: string;
}

export class ZoneRegisteredEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneRegistered'] }) type!: 'ZoneRegistered';
  @ApiProperty({ type: ZoneRegisteredDataDto }) data!: ZoneRegisteredDataDto;
}

export class ZoneProfileUpdatedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneProfileUpdated'] }) type!: 'ZoneProfileUpdated';
  @ApiProperty({ type: ZoneProfileUpdatedDataDto }) data!: ZoneProfileUpdatedDataDto;
}

export class ZoneRenamedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneRenamed'] }) type!: 'ZoneRenamed';
  @ApiProperty({ type: ZoneRenamedDataDto }) data!: ZoneRenamedDataDto;
}

export class ZoneIndustryFocusSetEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneIndustryFocusSet'] }) type!: 'ZoneIndustryFocusSet';
  @ApiProperty({ type: ZoneIndustryFocusSetDataDto }) data!: ZoneIndustryFocusSetDataDto;
}

export class ZoneUpgradedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneUpgraded'] }) type!: 'ZoneUpgraded';
  @ApiProperty({ type: ZoneUpgradedDataDto }) data!: ZoneUpgradedDataDto;
}

export class ZoneDowngradedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneDowngraded'] }) type!: 'ZoneDowngraded';
  @ApiProperty({ type: ZoneDowngradedDataDto }) data!: ZoneDowngradedDataDto;
}

export class ZoneExitedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneExited'] }) type!: 'ZoneExited';
  @ApiProperty({ type: ZoneExitedDataDto }) data!: ZoneExitedDataDto;
}

export class ZoneAutonomyGrantedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZoneAutonomyGranted'] }) type!: 'ZoneAutonomyGranted';
  @ApiProperty({ type: ZoneAutonomyGrantedDataDto }) data!: ZoneAutonomyGrantedDataDto;
}

export class ZonesMergedEntryDto extends ZoneHistoryEntryDto implements ZoneHistoryEntry {
  @ApiProperty({ enum: ['ZonesMerged'] }) type!: 'ZonesMerged';
  @ApiProperty({ type: ZonesMergedDataDto }) data!: ZonesMergedDataDto;
}

/** The entry of each event type: a type the zone's events gain fails to compile until listed. */
export const ZONE_HISTORY_ENTRIES = {
  ZoneRegistered: ZoneRegisteredEntryDto,
  ZoneProfileUpdated: ZoneProfileUpdatedEntryDto,
  ZoneRenamed: ZoneRenamedEntryDto,
  ZoneIndustryFocusSet: ZoneIndustryFocusSetEntryDto,
  ZoneUpgraded: ZoneUpgradedEntryDto,
  ZoneDowngraded: ZoneDowngradedEntryDto,
  ZoneExited: ZoneExitedEntryDto,
  ZoneAutonomyGranted: ZoneAutonomyGrantedEntryDto,
  ZonesMerged: ZonesMergedEntryDto,
} satisfies {
  [Type in ZoneEvent['type']]: new () => {
    type: Type;
    data: Extract<ZoneEvent, { type: Type }>['data'];
  };
};

/** The schema of a history: its entries, each the shape its `type` names. */
export const ZONE_HISTORY_SCHEMA = {
  type: 'array',
  items: discriminatedUnion('type', ZONE_HISTORY_ENTRIES),
} as const;

import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ZoneCommandResult } from '../../application/zone-command';
import type { ZoneLineageView } from '../../application/zone-reader';
import type { ZonePage, ZoneView } from '../../application/zone-view.model';
import type { AutonomyGrant, ZoneLineage, ZoneStatus } from '../../domain/zone.state';
import { CalendarDateDto } from './calendar-date.dto';
import { discriminatedUnion } from './discriminated-union';
import { ZoneRegistrationDataDto } from './zone-history.dto';

// What the zone endpoints answer. Each class implements the type its endpoint returns, so a
// required field the application gains fails to compile until it is documented here.

/** What a command on one zone did. */
export class ZoneCommandResultDto implements ZoneCommandResult {
  @ApiProperty({ example: 'suzhou-industrial-park' }) zoneId!: string;

  @ApiProperty({
    type: 'integer',
    example: 2,
    description: "The zone stream's version after the command (the ETag): If-Match of the next",
  })
  version!: number;

  @ApiProperty({
    type: [String],
    example: ['ZoneRenamed'],
    description:
      'Types of the events recorded; none when the zone already was as the command asked',
  })
  recorded!: string[];

  @ApiProperty({
    description: 'True when an earlier request with the same Idempotency-Key answered',
  })
  replayed!: boolean;
}

/** In the register, accepting changes. */
export class ActiveZoneStatusDto {
  @ApiProperty({ enum: ['active'] }) kind!: 'active';
}

/** Returned to provincial management, still in the register. */
export class DowngradedZoneStatusDto {
  @ApiProperty({ enum: ['downgraded'] }) kind!: 'downgraded';
  @ApiProperty({ type: CalendarDateDto }) since!: CalendarDateDto;
}

/** Absorbed by a merger: out of the register, its names free. */
export class MergedZoneStatusDto {
  @ApiProperty({ enum: ['merged'] }) kind!: 'merged';
  @ApiProperty({ description: 'The zone it was merged into' }) into!: string;
  @ApiProperty() mergerId!: string;
  @ApiProperty({ type: CalendarDateDto }) since!: CalendarDateDto;
}

/** Taken off the register. */
export class ExitedZoneStatusDto {
  @ApiProperty({ enum: ['exited'] }) kind!: 'exited';
  @ApiProperty({ type: CalendarDateDto }) since!: CalendarDateDto;
}

/** Each status the zone can have, by its `kind`. */
const ZONE_STATUS_SHAPES = {
  active: ActiveZoneStatusDto,
  downgraded: DowngradedZoneStatusDto,
  merged: MergedZoneStatusDto,
  exited: ExitedZoneStatusDto,
} satisfies { [Kind in ZoneStatus['kind']]: new () => Extract<ZoneStatus, { kind: Kind }> };

type ZoneStatusDto = InstanceType<(typeof ZONE_STATUS_SHAPES)[keyof typeof ZONE_STATUS_SHAPES]>;

/** Approval dates by level, as far as known: a zone upgraded once has both. */
export class ZoneApprovalsDto {
  @ApiPropertyOptional({ type: CalendarDateDto }) ZONE_LEVEL_NATIONAL?: CalendarDateDto;
  @ApiPropertyOptional({ type: CalendarDateDto }) ZONE_LEVEL_PROVINCIAL?: CalendarDateDto;
}

/** A reform power the zone holds, and the policy that granted it. */
export class AutonomyGrantDto implements AutonomyGrant {
  @ApiProperty({ example: '土地集约利用审批权' }) power!: string;
  @ApiProperty({ example: 'gf-2019-11' }) policyId!: string;
  @ApiProperty({ type: CalendarDateDto }) effectiveOn!: CalendarDateDto;
}

/** The zone's part in mergers. */
export class ZoneLineageDto implements ZoneLineage {
  @ApiProperty({ type: [String], description: 'Zones it absorbed' }) absorbedZoneIds!: string[];
  @ApiPropertyOptional({ description: 'The zone it was merged into' }) mergedInto?: string;
  @ApiProperty({ type: [String], description: 'Mergers it took part in' }) mergerIds!: string[];
}

/** A zone as it stands (or stood), at its stream's version. */
@ApiExtraModels(...Object.values(ZONE_STATUS_SHAPES))
export class ZoneViewDto extends ZoneRegistrationDataDto implements ZoneView {
  @ApiProperty({ type: ZoneApprovalsDto }) approvals!: ZoneApprovalsDto;
  @ApiProperty({ type: [AutonomyGrantDto] }) autonomy!: AutonomyGrantDto[];

  @ApiProperty({
    description: 'Active or downgraded (in the register), merged or exited; `kind` tells which',
    ...discriminatedUnion('kind', ZONE_STATUS_SHAPES),
  })
  status!: ZoneStatusDto;

  @ApiProperty({ type: ZoneLineageDto }) lineage!: ZoneLineageDto;

  @ApiProperty({
    type: 'integer',
    example: 3,
    description: "The zone stream's version it was read at (the ETag)",
  })
  version!: number;
}

/** One page of zones and how many match in all. */
export class ZonePageDto implements ZonePage {
  @ApiProperty({ type: [ZoneViewDto] }) items!: ZoneViewDto[];
  @ApiProperty({ type: 'integer', description: 'Zones matching the filters' }) total!: number;
  @ApiProperty({ type: 'integer', example: 20 }) limit!: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset!: number;
}

/** Where the zone came from and went, through mergers. */
export class ZoneLineageViewDto implements ZoneLineageView {
  @ApiProperty({ example: 'suzhou-industrial-park' }) zoneId!: string;

  @ApiProperty({
    type: [String],
    description: 'Zones it absorbed, and the zones they had absorbed, nearest first',
  })
  ancestors!: string[];

  @ApiProperty({
    type: [String],
    description: 'The zone it was merged into, the zone that one was merged into, and so on',
  })
  descendants!: string[];
}

import { Body, Controller, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor,
  ApiProblemResponses,
  BEARER_SCHEME,
  ETagFromVersion,
  IdempotencyKey,
  IfMatch,
  Roles,
  type Principal,
} from '@zoneledger/platform';
import { ChangeZoneLevelCommand } from '../application/change-zone-level.handler';
import { ChangeZoneCommand } from '../application/change-zone.handler';
import type { CommandContext, ZoneCommandResult } from '../application/zone-command';
import { CorrelationId } from './correlation-id.decorator';
import {
  DowngradeZoneDto,
  ExitZoneDto,
  GrantAutonomyDto,
  SetIndustryFocusDto,
  UpgradeZoneDto,
  UpdateZoneProfileDto,
} from './dto/zone-changes.dto';

/** Builds the command context of a request from its parameters. */
function contextOf(
  actor: Principal,
  correlationId: string,
  expectedVersion?: number,
  idempotencyKey?: string,
): CommandContext {
  return { actor: actor.sub, correlationId, expectedVersion, idempotencyKey };
}

/**
 * The commands on a registered zone. Each answers with the zone's new version (ETag); If-Match
 * makes it conditional on the version the caller read (409 otherwise).
 */
@ApiTags('zones')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones/:zoneId')
@Roles('zone-admin')
@ETagFromVersion()
@ApiProblemResponses(400, 401, 403, 404, 409, 422)
export class ZoneChangesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('profile')
  @ApiOperation({ summary: "Record a real change of the zone's province or city" })
  updateProfile(
    @Param('zoneId') zoneId: string,
    @Body() body: UpdateZoneProfileDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'UpdateZoneProfile', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Put('industry-focus')
  @ApiOperation({ summary: "Replace the zone's leading industries" })
  setIndustryFocus(
    @Param('zoneId') zoneId: string,
    @Body() body: SetIndustryFocusDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'SetIndustryFocus', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('exit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the zone off the register' })
  exit(
    @Param('zoneId') zoneId: string,
    @Body() body: ExitZoneDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'ExitZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('autonomy-grants')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a reform power a policy granted the zone' })
  grantAutonomy(
    @Param('zoneId') zoneId: string,
    @Body() body: GrantAutonomyDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'GrantAutonomy', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('upgrade')
  @HttpCode(200)
  @ApiOperation({ summary: 'Raise a provincial zone to national level' })
  upgrade(
    @Param('zoneId') zoneId: string,
    @Body() body: UpgradeZoneDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'UpgradeZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneLevelCommand(change, context));
  }

  @Post('downgrade')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a national zone to provincial management' })
  downgrade(
    @Param('zoneId') zoneId: string,
    @Body() body: DowngradeZoneDto,
    @Actor() actor: Principal,
    @CorrelationId() correlationId: string,
    @IfMatch() expectedVersion?: number,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<ZoneCommandResult> {
    const context = contextOf(actor, correlationId, expectedVersion, idempotencyKey);
    const change = { type: 'DowngradeZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneLevelCommand(change, context));
  }
}

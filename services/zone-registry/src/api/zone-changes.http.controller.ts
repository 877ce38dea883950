import { Body, Controller, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiChangeHeaders,
  ApiProblemResponses,
  BEARER_SCHEME,
  ChangeContext,
  ETagFromVersion,
  Roles,
} from '@zoneledger/platform';
import { ChangeZoneLevelCommand } from '../application/change-zone-level.handler';
import { ChangeZoneCommand } from '../application/change-zone.handler';
import type { CommandContext, ZoneCommandResult } from '../application/zone-command';
import {
  CorrectZoneDto,
  DowngradeZoneDto,
  ExitZoneDto,
  GrantAutonomyDto,
  RenameZoneDto,
  SetIndustryFocusDto,
  UpgradeZoneDto,
  UpdateZoneProfileDto,
} from './dto/zone-changes.dto';
import { ZoneCommandResultDto } from './dto/zone-responses.dto';
import { ApiVersionedResponse } from './versioned-response.decorator';

/** What every change answers; stated per method: a method's default 200 hides a class's. */
const ApiChangeRecorded = (): MethodDecorator =>
  ApiVersionedResponse(200, ZoneCommandResultDto, 'Recorded');

/**
 * The commands on a registered zone. Each answers with the zone's new version (ETag); If-Match
 * makes it conditional on the version the caller read (409 otherwise), Idempotency-Key makes a
 * retry harmless. An endpoint states only its route, its body and the command it builds: the
 * request's context comes from @ChangeContext().
 */
@ApiTags('zones')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/zones/:zoneId')
@Roles('zone-admin')
@ETagFromVersion()
@ApiChangeHeaders('zone')
@ApiProblemResponses(400, 401, 403, 404, 409, 422)
export class ZoneChangesHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('profile')
  @ApiOperation({ summary: "Record a real change of the zone's province or city" })
  @ApiChangeRecorded()
  updateProfile(
    @Param('zoneId') zoneId: string,
    @Body() body: UpdateZoneProfileDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'UpdateZoneProfile', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Put('industry-focus')
  @ApiOperation({ summary: "Replace the zone's leading industries" })
  @ApiChangeRecorded()
  setIndustryFocus(
    @Param('zoneId') zoneId: string,
    @Body() body: SetIndustryFocusDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'SetIndustryFocus', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('renames')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record an official renaming of the zone, from its effective date',
    description:
      "The new names must be free at the zone's level (409 ZONE.NAME_TAKEN), among the names the register holds at that moment. A merged or exited zone is not renamed (422 ZONE.NOT_ACTIVE): correct it instead.",
  })
  @ApiChangeRecorded()
  rename(
    @Param('zoneId') zoneId: string,
    @Body() body: RenameZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'RenameZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('corrections')
  @HttpCode(200)
  @ApiOperation({
    summary: "Correct what the register got wrong: the zone's names, province, city or approval",
    description:
      "Accepted whatever the zone's status, merged and exited too. A corrected name is recorded as a ZoneRenamed without effective date (it was always so); the rest as a ZoneProfileUpdated with the reason. A zone still in the register keeps its names free at its level (409 ZONE.NAME_TAKEN).",
  })
  @ApiChangeRecorded()
  correct(
    @Param('zoneId') zoneId: string,
    @Body() body: CorrectZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'CorrectZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('exit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the zone off the register' })
  @ApiChangeRecorded()
  exit(
    @Param('zoneId') zoneId: string,
    @Body() body: ExitZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'ExitZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('autonomy-grants')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a reform power a policy granted the zone' })
  @ApiChangeRecorded()
  grantAutonomy(
    @Param('zoneId') zoneId: string,
    @Body() body: GrantAutonomyDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'GrantAutonomy', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneCommand(change, context));
  }

  @Post('upgrade')
  @HttpCode(200)
  @ApiOperation({ summary: 'Raise a provincial zone to national level' })
  @ApiChangeRecorded()
  upgrade(
    @Param('zoneId') zoneId: string,
    @Body() body: UpgradeZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'UpgradeZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneLevelCommand(change, context));
  }

  @Post('downgrade')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a national zone to provincial management' })
  @ApiChangeRecorded()
  downgrade(
    @Param('zoneId') zoneId: string,
    @Body() body: DowngradeZoneDto,
    @ChangeContext() context: CommandContext,
  ): Promise<ZoneCommandResult> {
    const change = { type: 'DowngradeZone', data: { ...body, zoneId } } as const;
    return this.commands.execute(new ChangeZoneLevelCommand(change, context));
  }
}

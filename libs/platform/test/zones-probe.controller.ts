import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsString, IsUUID, ValidateNested } from 'class-validator';
import {
  Actor,
  ApiProblemResponses,
  DomainError,
  ETagFromVersion,
  IdempotencyKey,
  IfMatch,
  Roles,
  type Principal,
} from '../src';

// A controller written the way services write theirs, for http.int-spec.ts to call.

export const ZONE_ID = '6f1c0f3e-2a55-4cf0-9d1e-3b0b8a7d2c11';

class MergerDto {
  @IsUUID() zoneId!: string;
}

class MergeZonesDto {
  @IsString() name!: string;
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => MergerDto)
  mergers!: MergerDto[];
}

class ZoneAlreadyClosed extends DomainError {
  readonly code = 'ZONE.ALREADY_CLOSED';
}

/** Shaped like event-store's error: the platform knows it only through errorMappings. */
class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
}

@Controller('zones')
export class ZonesProbeController {
  @Get(':id')
  @ETagFromVersion()
  view(@Param('id') id: string, @Actor() actor: Principal) {
    return { id, version: 7, viewer: actor.sub };
  }

  @Post('merge')
  @Roles('zone-admin')
  @ApiProblemResponses(400, 401, 403, 409)
  merge(
    @Body() command: MergeZonesDto,
    @Actor() actor: Principal,
    @IdempotencyKey() key?: string,
    @IfMatch() version?: number,
  ) {
    return {
      merged: command.mergers.length,
      actor: actor.sub,
      key: key ?? null,
      expectedVersion: version ?? null,
    };
  }

  @Post('import')
  @Roles('zone-admin')
  @HttpCode(200)
  import(@Body() csv: string) {
    return { lines: csv.trim().split('\n').length };
  }

  @Post(':id/close')
  @Roles('zone-admin')
  close(@Param('id') id: string): never {
    throw new ZoneAlreadyClosed(`Zone ${id} was closed in 2019`);
  }

  @Post(':id/rename')
  @Roles('zone-admin')
  rename(): never {
    throw new WrongExpectedVersionError('stream zone-1 is at version 9, not 7');
  }

  @Get('-/boom')
  @Roles('ops')
  boom(): never {
    throw new Error('connect ECONNREFUSED 10.0.3.7:5432 password=hunter2');
  }
}

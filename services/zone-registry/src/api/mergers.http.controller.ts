import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiIdempotencyKeyHeader,
  ApiProblemResponses,
  BEARER_SCHEME,
  ChangeContext,
  Roles,
  type CommandContext,
} from '@zoneledger/platform';
import { MergeZonesCommand, type MergerResult } from '../application/merge-zones.handler';
import { MergerResultDto, MergeZonesDto } from './dto/merge-zones.dto';

/** Mergers: several zones integrated into one, recorded on every involved zone at once. */
@ApiTags('mergers')
@ApiBearerAuth(BEARER_SCHEME)
@Controller('v1/mergers')
export class MergersHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('zone-admin')
  @ApiOperation({
    summary: 'Merge zones into an existing or a new zone, atomically',
    description:
      "The merger is appended to every involved zone's stream in one transaction, each at the version read (or given in expectedVersions): if any of them changed meanwhile, nothing is recorded and the answer is 409.",
  })
  @ApiCreatedResponse({
    type: MergerResultDto,
    description: 'Recorded on every involved zone',
  })
  @ApiIdempotencyKeyHeader()
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  merge(
    @Body() body: MergeZonesDto,
    @ChangeContext() context: CommandContext,
  ): Promise<MergerResult> {
    const { expectedVersions, ...merger } = body;
    return this.commands.execute(
      new MergeZonesCommand(
        {
          ...merger,
          ...(expectedVersions && {
            expectedVersions: Object.fromEntries(
              expectedVersions.map(({ zoneId, version }) => [zoneId, version]),
            ),
          }),
        },
        context,
      ),
    );
  }
}

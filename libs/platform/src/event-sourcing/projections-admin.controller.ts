import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSchema,
  ApiTags,
} from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { Roles } from '../auth/auth.decorators';
import { ApiProblemResponses } from '../openapi/api-problem-responses.decorator';
import { BEARER_SCHEME } from '../openapi/service-document';
import { NoRebuildError } from './projection-errors';
import {
  ProjectionHost,
  type HostedProjectionStatus,
  type ProjectionRebuildStatus,
} from './projection-host';

@ApiSchema({ name: 'ProjectionStatus', description: 'A read model or process the service hosts' })
class ProjectionStatusSchema {
  @ApiProperty({ enum: ['starting', 'running', 'stopped'] })
  state!: string;
  @ApiPropertyOptional({ description: 'Events on its topics not applied yet (when running)' })
  lag?: number;
  @ApiProperty({ description: 'Events applied since the service started' })
  applied!: number;
  @ApiProperty({ description: 'Messages sent to its dead-letter topic since the service started' })
  deadLettered!: number;
  @ApiProperty({
    description: 'Events of types this build has no contract for (a newer producer), passed over',
  })
  unknownTypes!: number;
  @ApiPropertyOptional({ description: 'Why its consumer could not start, while it retries' })
  lastError?: string;
}

@ApiSchema({ name: 'ProjectionRebuild', description: 'A rebuild this replica started' })
class ProjectionRebuildSchema {
  @ApiProperty({ example: 'zone-view' })
  projection!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] })
  state!: string;
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;
  @ApiPropertyOptional({
    description:
      'When completed: fromGeneration, toGeneration, the partition ends it covered (marks), and deadLettered',
    type: 'object',
    additionalProperties: true,
  })
  report?: object;
  @ApiPropertyOptional({
    description: 'When failed: the error code (e.g. PROJECTIONS.REBUILD_CONFLICT) and message',
    type: 'object',
    additionalProperties: true,
  })
  error?: object;
}

@ApiSchema({ name: 'ProjectionList' })
class ProjectionListSchema {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ProjectionStatus' },
    description: 'By projection name',
  })
  projections!: Record<string, ProjectionStatusSchema>;
}

/**
 * Operators' view of a service's read models and event-driven processes: their state, and a
 * rebuild from the start of their topics without downtime (after a handler change, to add an
 * index a new generation creates, or to ask a saga again). Only the `ops` role.
 */
@ApiTags('operations')
@ApiBearerAuth(BEARER_SCHEME)
@Roles('ops')
@Controller('v1/admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly projections: ProjectionHost) {}

  @Get()
  @ApiOperation({ summary: 'The projections this service hosts, with their state and lag' })
  @ApiOkResponse({ type: ProjectionListSchema })
  @ApiProblemResponses(401, 403)
  async list(): Promise<{ projections: Record<string, HostedProjectionStatus> }> {
    return { projections: await this.projections.status() };
  }

  @Post(':name/rebuilds')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection from the start of its topics, without downtime',
    description:
      'Fills a new generation of its tables with a consumer group of its own while reads keep the current one, then switches atomically. Returns at once; follow Location. A saga rebuilt sends its commands again, which their idempotency keys make harmless.',
  })
  @ApiAcceptedResponse({ type: ProjectionRebuildSchema })
  @ApiProblemResponses(401, 403, 404, 409)
  async start(
    @Param('name') name: string,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<ProjectionRebuildStatus> {
    const status = await this.projections.rebuild(name);
    response.setHeader('Location', `/v1/admin/projections/${name}/rebuilds/latest`);
    return status;
  }

  @Get(':name/rebuilds/latest')
  @ApiOperation({ summary: 'The last rebuild of the projection this replica started' })
  @ApiOkResponse({ type: ProjectionRebuildSchema })
  @ApiProblemResponses(401, 403, 404)
  async latest(@Param('name') name: string): Promise<ProjectionRebuildStatus> {
    const status = await this.projections.rebuildStatus(name);
    if (!status) throw new NoRebuildError(name);
    return status;
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Optional, QueryDateTime } from '@zoneledger/platform';

/** GET /v1/policies/{policyId}/history: read as the registry stood at a moment. */
export class PolicyAsOfQueryDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Read as the registry knew the policy at this moment (recorded time)',
  })
  @Optional()
  @QueryDateTime()
  asOf?: Date;
}

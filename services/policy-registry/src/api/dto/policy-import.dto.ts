import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IMPORT_ROWS_PAGE_MAX,
  IMPORT_SUMMARY_REJECTED_ROWS,
  ImportRowDto,
  ImportRowPageDto,
  ImportSummaryDto,
} from '@zoneledger/platform';
import { POLICY_IMPORT_MAX_ROWS } from '../policy-import-rows';
import { IssuePolicyDto } from './issue-policy.dto';

// The import's documentation. The body is not validated as a whole: each policy is checked on
// its own, and a policy that fails is a refused row of the report, not a failed request.

/** POST /v1/policies/imports: `policies` and no other field. */
export class ImportPoliciesDto {
  @ApiProperty({
    type: [IssuePolicyDto],
    maxItems: POLICY_IMPORT_MAX_ROWS,
    description: 'Issuances as POST /v1/policies takes them, in the order they are issued',
  })
  policies!: IssuePolicyDto[];
}

/** One row of a policy import and its outcome. */
export class PolicyImportRowDto extends ImportRowDto {
  @ApiPropertyOptional({ description: 'The policy the row created, skipped or would have created' })
  policyId?: string;
}

/** What a policy import did: its counts, its first refusals and where its rows are served. */
export class PolicyImportSummaryDto extends ImportSummaryDto {
  @ApiProperty({
    type: [PolicyImportRowDto],
    maxItems: IMPORT_SUMMARY_REJECTED_ROWS,
    description: `The first ${IMPORT_SUMMARY_REJECTED_ROWS} rejected rows in row order, without their field errors; every rejected row, with them, is in links.rejectedRows`,
  })
  firstRejected!: PolicyImportRowDto[];
}

/** A page of a policy import's rows. */
export class PolicyImportRowPageDto extends ImportRowPageDto {
  @ApiProperty({ type: [PolicyImportRowDto], maxItems: IMPORT_ROWS_PAGE_MAX })
  items!: PolicyImportRowDto[];
}

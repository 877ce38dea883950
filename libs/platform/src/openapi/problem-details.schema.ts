import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** OpenAPI schema of one field error of a VALIDATION.FAILED problem. */
@ApiSchema({ name: 'FieldError' })
export class FieldErrorSchema {
  @ApiProperty({ example: 'mergers[1].zoneId', description: 'Path of the rejected field' })
  field!: string;
  @ApiProperty({ example: 'isUuid', description: 'Name of the rule the field broke' })
  code!: string;
  @ApiProperty({ example: 'zoneId must be a UUID' })
  message!: string;
}

/** OpenAPI schema of every error response (RFC 9457 problem details). */
@ApiSchema({
  name: 'ProblemDetails',
  description: 'RFC 9457 problem details, sent as application/problem+json',
})
export class ProblemDetailsSchema {
  @ApiProperty({ format: 'uri', example: 'https://zoneledger.dev/problems/validation-failed' })
  type!: string;
  @ApiProperty({ example: 'Request validation failed' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'mergers[1].zoneId: zoneId must be a UUID' })
  detail!: string;
  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable code; clients switch on this' })
  code!: string;
  @ApiProperty({ example: '/zones/merge', description: 'Path of the failed request' })
  instance!: string;
  @ApiProperty({
    example: '6f1c0f3e-2a55-4cf0-9d1e-3b0b8a7d2c11',
    description: 'Also in the logs and the x-correlation-id header',
  })
  correlationId!: string;
  @ApiPropertyOptional({
    type: [FieldErrorSchema],
    maxItems: 20,
    description: 'Only for VALIDATION.FAILED: the first 20 field errors',
  })
  errors?: FieldErrorSchema[];
  @ApiPropertyOptional({ description: 'Only for VALIDATION.FAILED: how many field errors in all' })
  errorCount?: number;
}

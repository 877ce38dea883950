import type { Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/**
 * Documents the success of an @ETagFromVersion() handler: its body, and the ETag header that
 * repeats the body's `version` for the next If-Match.
 */
export const ApiVersionedResponse = (
  status: 200 | 201,
  type: Type<{ version: number }>,
  description: string,
): ClassDecorator & MethodDecorator =>
  ApiResponse({
    status,
    type,
    description,
    headers: {
      ETag: {
        description: 'The version in the body, quoted: send it as If-Match to change what was read',
        schema: { type: 'string', example: '"3"' },
      },
    },
  });

import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_OFFSET, Optional, QueryInteger } from './field.decorators';

/** `?limit=&offset=` of a list: 20 items by default, at most 100 a page. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 100 })
  @Optional()
  @QueryInteger({ min: 1, max: 100 })
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, maximum: MAX_PAGE_OFFSET })
  @Optional()
  @QueryInteger({ min: 0, max: MAX_PAGE_OFFSET })
  offset?: number;
}

/** The page a PageQueryDto asks for, with its defaults. */
export function pageOf(query: PageQueryDto): { limit: number; offset: number } {
  return { limit: query.limit ?? 20, offset: query.offset ?? 0 };
}

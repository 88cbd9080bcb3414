import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { UUID_PATTERN } from '../event/event.input.js';
import { CATEGORY_NAMES } from '../categories/category.registry.js';
import {
  QUERY_CURSOR_MAX_LENGTH,
  QUERY_CURSOR_PATTERN,
  QUERY_DEFAULT_LIMIT,
  QUERY_MAX_LIMIT,
  QUERY_ORDERS,
  type QueryOrder,
} from './query-limits.js';

// One message whichever bound a bad limit breaks (-1, 1001, "abc", "").
const LIMIT_RULE = `limit must be an integer from 1 to ${QUERY_MAX_LIMIT}`;

const TIMESTAMP_DOC = '`YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC) or ISO 8601';

/**
 * Filters of `GET /v1/events` (query string or JSON body) and `POST /v1/events/query`.
 * Every field is optional; given fields are ANDed.
 */
export class EventsQueryInput {
  @ApiPropertyOptional({ description: 'Only this session (UUID).', format: 'uuid' })
  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'must be a UUID (8-4-4-4-12 hex)' })
  session_id?: string;

  @ApiPropertyOptional({ description: 'Only this category.', enum: CATEGORY_NAMES })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ description: 'Only this application.', minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  name?: string;

  @ApiPropertyOptional({ description: `Events at or after this time (inclusive), ${TIMESTAMP_DOC}.` })
  @IsOptional()
  @IsString()
  start?: string;

  @ApiPropertyOptional({ description: `Events before this time (exclusive), ${TIMESTAMP_DOC}.` })
  @IsOptional()
  @IsString()
  end?: string;

  @ApiPropertyOptional({ description: 'Time order.', enum: QUERY_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(QUERY_ORDERS)
  order?: QueryOrder;

  @ApiPropertyOptional({
    description: 'Most items per page; a page also ends early where its items would outgrow one reply.',
    minimum: 1,
    maximum: QUERY_MAX_LIMIT,
    default: QUERY_DEFAULT_LIMIT,
  })
  @IsOptional()
  @IsInt({ message: LIMIT_RULE })
  @Min(1, { message: LIMIT_RULE })
  @Max(QUERY_MAX_LIMIT, { message: LIMIT_RULE })
  limit?: number;

  @ApiPropertyOptional({ description: '`next_cursor` of the previous page, with the same filters.' })
  @IsOptional()
  @IsString()
  @MaxLength(QUERY_CURSOR_MAX_LENGTH)
  @Matches(QUERY_CURSOR_PATTERN, { message: 'is not a cursor this service issued' })
  cursor?: string;
}

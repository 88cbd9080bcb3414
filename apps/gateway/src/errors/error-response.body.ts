import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorCode } from '@eventline/contracts';

/** What went wrong: a stable code to branch on, words for a human, and the field at fault. */
@ApiSchema({ name: 'ErrorDetail' })
export class ErrorDetail {
  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.InvalidBody })
  code!: ErrorCode;

  @ApiProperty({ example: 'Body is not valid JSON' })
  message!: string;

  @ApiPropertyOptional({ description: 'The input field at fault, when one is.', example: 'timestamp' })
  field?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'On a 500 only: the id under which the gateway logged the error; quote it.',
  })
  error_id?: string;
}

/** The body of every error response: `{ "error": { code, message, field?, error_id? } }`. */
@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseBody {
  @ApiProperty({ type: ErrorDetail })
  error!: ErrorDetail;
}

/** An error body naming just a code and a message. */
export function errorBody(code: ErrorCode, message: string): ErrorResponseBody {
  return { error: { code, message } };
}

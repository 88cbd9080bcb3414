import { Injectable, NestMiddleware } from '@nestjs/common';
import { runWithCorrelationId } from './correlation.context.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';

interface RawRequest {
  id?: string;
  headers: Record<string, string | string[] | undefined>;
}
interface RawResponse {
  setHeader(name: string, value: string): unknown;
}

/** Makes the request id the correlation id of everything the request does, and echoes it back. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(req: RawRequest, res: RawResponse, next: () => void): void {
    const id = typeof req.id === 'string' ? req.id : requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, id);
    runWithCorrelationId(id, next);
  }
}

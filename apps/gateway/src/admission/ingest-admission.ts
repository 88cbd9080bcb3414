import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { ByteBudget } from './byte-budget.js';

/** How long an ingest request may wait for room before it is answered 503 `gateway_busy`. */
export const INGEST_ADMISSION_WAIT_MS = 5_000;

/**
 * Bounds the request bodies the gateway holds at once (`INGEST_BYTES_IN_FLIGHT`, docs/api.md,
 * "Admission"). A body costs several times its bytes while it is parsed, validated and published,
 * so without a bound the gateway's memory grows with the number of clients sending large bodies at
 * once. A request takes its bytes once its credentials are checked and before its body is read;
 * past the budget it waits (its body stays in the socket: TCP slows the client) in arrival order,
 * and after {@link INGEST_ADMISSION_WAIT_MS} is answered 503 `gateway_busy` with `Retry-After`,
 * nothing accepted. The bytes are given back when the response ends or the client goes away.
 */
export class IngestAdmission {
  private readonly budget: ByteBudget;

  constructor(
    readonly capacityBytes: number,
    private readonly bodyLimitBytes: number,
    private readonly waitMs = INGEST_ADMISSION_WAIT_MS,
  ) {
    if (bodyLimitBytes > capacityBytes) throw new RangeError('the body limit exceeds the admission capacity');
    this.budget = new ByteBudget(capacityBytes);
  }

  /** Bytes the admitted requests hold now. */
  get bytesInFlight(): number {
    return this.budget.taken;
  }

  /**
   * The bytes a request may come to hold: its `Content-Length`, or the body limit when the body
   * is compressed (it is checked, and held, inflated) or of undeclared length (chunked).
   */
  bytesOf(headers: FastifyRequest['headers']): number {
    const declared = Number(headers['content-length']);
    if (headers['content-encoding'] !== undefined || !Number.isSafeInteger(declared))
      return this.bodyLimitBytes;
    // Above the limit Fastify answers 413 before reading.
    return Math.min(Math.max(declared, 0), this.bodyLimitBytes);
  }

  /** Waits for room for `request`'s body, or throws 503 `gateway_busy`. */
  async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const bytes = this.bytesOf(request.headers);
    const response = reply.raw;
    const socket = request.raw.socket as Socket | null;
    if (!this.budget.tryTake(bytes)) {
      // A client that goes away while it waits leaves the queue (its 'close' would not come again).
      const gone = new AbortController();
      const leave = () => gone.abort();
      response.once('close', leave);
      socket?.once('close', leave);
      const admitted = await this.budget.take(bytes, this.waitMs, gone.signal);
      response.off('close', leave);
      socket?.off('close', leave);
      if (!admitted) {
        void reply.header('Retry-After', '1');
        throw new DomainError(
          ErrorCode.GatewayBusy,
          `the gateway holds as many request bytes as it may; nothing was accepted; retry after 1 s`,
        );
      }
    }
    this.giveBackOnClose(bytes, response, socket);
  }

  /**
   * Gives the bytes back once, when the response closes (sent, or its client gone) or its socket
   * does: a pipelined request's response has no socket yet and never closes if the connection dies.
   */
  private giveBackOnClose(bytes: number, response: ServerResponse, socket: Socket | null): void {
    let held = true;
    const giveBack = () => {
      if (!held) return;
      held = false;
      response.off('close', giveBack);
      socket?.off('close', giveBack);
      this.budget.giveBack(bytes);
    };
    response.once('close', giveBack);
    socket?.once('close', giveBack);
    // Closed between admission and here: no 'close' is coming.
    if (response.closed || socket?.destroyed) giveBack();
  }
}

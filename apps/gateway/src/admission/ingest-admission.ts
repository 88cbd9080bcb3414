import { Semaphore, withTimeout, type SemaphoreInterface } from 'async-mutex';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';

/** How long an ingest request may wait for room before it is answered 503 `gateway_busy`. */
export const INGEST_ADMISSION_WAIT_MS = 5_000;

const WAITED_TOO_LONG = new Error('ingest admission wait elapsed');

/**
 * Bounds the request bodies the gateway holds at once (`INGEST_BYTES_IN_FLIGHT`, docs/api.md,
 * "Admission"). A parsed, validated and re-serialised body costs several times its bytes, so
 * without a bound 50 clients sending 1 MiB bodies took the gateway past 450 MB. A request takes
 * its bytes once its credentials are checked and before its body is read; past the budget it
 * waits (its body stays in the socket: TCP slows the client) in arrival order, and after
 * {@link INGEST_ADMISSION_WAIT_MS} is answered 503 `gateway_busy` with `Retry-After`, nothing
 * accepted. The bytes are given back when the response ends or the client goes away.
 *
 * async-mutex's weighted semaphore does the waiting: first come, first served (a large body is
 * not overtaken forever by small ones); a timed-out waiter keeps its turn and, given it, hands the
 * bytes straight back.
 */
export class IngestAdmission {
  private readonly budget: SemaphoreInterface;

  constructor(
    readonly capacityBytes: number,
    private readonly bodyLimitBytes: number,
    waitMs = INGEST_ADMISSION_WAIT_MS,
  ) {
    if (bodyLimitBytes > capacityBytes) throw new RangeError('the body limit exceeds the admission capacity');
    this.budget = withTimeout(new Semaphore(capacityBytes), waitMs, WAITED_TOO_LONG);
  }

  /** Bytes the admitted requests hold now. */
  get bytesInFlight(): number {
    return this.capacityBytes - this.budget.getValue();
  }

  /**
   * The bytes a request may come to hold: its `Content-Length`, or the body limit when the body
   * is compressed (it is checked, and held, inflated) or of undeclared length (chunked).
   */
  bytesOf(headers: FastifyRequest['headers']): number {
    const declared = Number(headers['content-length']);
    if (headers['content-encoding'] !== undefined || !Number.isSafeInteger(declared))
      return this.bodyLimitBytes;
    // At least 1: the semaphore takes positive weights only. Above the limit Fastify answers 413
    // before reading.
    return Math.min(Math.max(declared, 1), this.bodyLimitBytes);
  }

  /** Waits for room for `request`'s body, or throws 503 `gateway_busy`. */
  async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const bytes = this.bytesOf(request.headers);
    let release: () => void;
    try {
      [, release] = await this.budget.acquire(bytes);
    } catch (error) {
      if (error !== WAITED_TOO_LONG) throw error;
      void reply.header('Retry-After', '1');
      throw new DomainError(
        ErrorCode.GatewayBusy,
        `the gateway holds as many request bytes as it may; nothing was accepted; retry after 1 s`,
      );
    }
    // 'close' comes once the response is sent or the connection is gone, whichever is first.
    reply.raw.once('close', release);
  }
}

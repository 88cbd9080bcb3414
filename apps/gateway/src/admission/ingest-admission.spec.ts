import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { IngestAdmission } from './ingest-admission.js';

const KIB = 1024;

/**
 * What admission touches: the request's headers and socket, the reply's headers and its raw
 * response. `end` closes the response (answered, or its client gone); `hangUp` closes only the
 * socket, as for a pipelined request whose response never got the socket.
 */
function exchange(headers: Record<string, string>) {
  const response = new EventEmitter();
  const socket = Object.assign(new EventEmitter(), { destroyed: false });
  const replyHeaders: Record<string, string> = {};
  const reply = {
    raw: response,
    header: (name: string, value: string) => (replyHeaders[name] = value),
  } as unknown as FastifyReply;
  return {
    request: { headers, raw: { socket } } as unknown as FastifyRequest,
    reply,
    replyHeaders,
    end: () => response.emit('close'),
    hangUp: () => {
      socket.destroyed = true;
      socket.emit('close');
    },
  };
}

const sized = (bytes: number) => exchange({ 'content-length': String(bytes) });

/** Whether `promise` settled within a few turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('IngestAdmission', () => {
  it('counts a body by its Content-Length, or as the body limit when compressed or of unknown length', () => {
    const admission = new IngestAdmission(64 * KIB, 16 * KIB);
    expect(admission.bytesOf({ 'content-length': '1200' })).toBe(1200);
    expect(admission.bytesOf({ 'content-length': '0' })).toBe(0);
    expect(admission.bytesOf({ 'content-length': String(99 * KIB) })).toBe(16 * KIB);
    expect(admission.bytesOf({ 'content-length': '1200', 'content-encoding': 'gzip' })).toBe(16 * KIB);
    expect(admission.bytesOf({ 'transfer-encoding': 'chunked' })).toBe(16 * KIB);
    expect(admission.bytesOf({ 'content-length': '12e3' })).toBe(12_000);
    expect(admission.bytesOf({ 'content-length': 'x' })).toBe(16 * KIB);
  });

  it('admits up to its capacity, holds the next request, and lets it in when a response ends', async () => {
    const admission = new IngestAdmission(10 * KIB, 8 * KIB);
    const first = sized(6 * KIB);
    await admission.admit(first.request, first.reply);
    const second = sized(5 * KIB);
    const waiting = admission.admit(second.request, second.reply);
    expect(await settled(waiting)).toBe(false);
    expect(admission.bytesInFlight).toBe(6 * KIB);
    first.end();
    await waiting;
    expect(admission.bytesInFlight).toBe(5 * KIB);
    second.end();
    second.end();
    expect(admission.bytesInFlight).toBe(0);
  });

  it('answers gateway_busy with Retry-After once the wait is over, and takes no bytes', async () => {
    const admission = new IngestAdmission(4 * KIB, 4 * KIB, 30);
    const holder = sized(4 * KIB);
    await admission.admit(holder.request, holder.reply);
    const refused = sized(1 * KIB);
    const error = await admission.admit(refused.request, refused.reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.GatewayBusy);
    expect(refused.replyHeaders['Retry-After']).toBe('1');
    holder.end();
    expect(admission.bytesInFlight).toBe(0);
    // The refused request left the queue: the next one is admitted at once.
    const next = sized(4 * KIB);
    expect(await settled(admission.admit(next.request, next.reply))).toBe(true);
  });

  it('takes nothing for a waiting request whose client goes away, and lets the next one in', async () => {
    const admission = new IngestAdmission(4 * KIB, 4 * KIB);
    const holder = sized(4 * KIB);
    await admission.admit(holder.request, holder.reply);
    const gone = sized(3 * KIB);
    const waiting = admission.admit(gone.request, gone.reply).catch((e: unknown) => e);
    const next = sized(1 * KIB);
    const nextWaiting = admission.admit(next.request, next.reply);
    gone.end();
    expect(((await waiting) as DomainError).code).toBe(ErrorCode.GatewayBusy);
    holder.end();
    await nextWaiting;
    expect(admission.bytesInFlight).toBe(1 * KIB);
  });

  it('gives the bytes back once when the socket closes before the response does (pipelined)', async () => {
    const admission = new IngestAdmission(4 * KIB, 4 * KIB);
    const pipelined = sized(2 * KIB);
    await admission.admit(pipelined.request, pipelined.reply);
    pipelined.hangUp();
    expect(admission.bytesInFlight).toBe(0);
    pipelined.end();
    expect(admission.bytesInFlight).toBe(0);
  });

  it('refuses a body limit larger than its capacity', () => {
    expect(() => new IngestAdmission(1 * KIB, 2 * KIB)).toThrow(RangeError);
  });
});

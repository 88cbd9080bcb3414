let turn: Promise<void> | undefined;

/**
 * Resolves once the event loop has handled every socket that was ready in its current I/O phase
 * (a `setImmediate`), the same promise for every caller of that phase.
 *
 * Why: nats.js writes its outbound buffer once per microtask turn, and every HTTP request runs in
 * a turn of its own, so one event per request meant one `write()` to NATS per request. Publishers
 * that wait here publish together, in one turn, and nats.js sends their messages in one write: at
 * one event per request and 50 connections that cut the gateway's CPU per request (measured in
 * docs/benchmarks.md, "The ingest hot path"). The wait is below a millisecond; it is not a timer.
 */
export function ioTurnBarrier(): Promise<void> {
  turn ??= new Promise((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve();
    }),
  );
  return turn;
}

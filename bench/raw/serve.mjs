/**
 * Serves a bench server's Fastify app on loopback with the `/ready` route the bench waits for,
 * until SIGTERM: then closes it and drains its NATS connection (bench/lib/processes.mjs stops
 * every process it starts that way).
 */
export async function serveUntilSigterm(app, nc, port) {
  app.get('/ready', async () => ({ ok: true }));
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.on('SIGTERM', async () => {
    await app.close();
    await nc.drain();
    process.exit(0);
  });
}

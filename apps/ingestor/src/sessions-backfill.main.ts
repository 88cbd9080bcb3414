import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@eventline/config';
import { SessionsBackfill, StorageModule } from '@eventline/storage';
import { SessionsBackfillConfig } from './sessions-backfill.config.js';
import { StderrLogger } from './stderr.logger.js';

// `npm run sessions:backfill`: builds the session summaries (collection `sessions`) of the events
// stored before the ingestor kept them (docs/operations.md). Idempotent: safe while ingestors
// run, and to run again after a failure. Progress on stderr, the totals as one JSON line on stdout.

// How long the command waits for a reachable MongoDB before it fails.
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

const config = loadConfigOrExit(SessionsBackfillConfig, process.env, 'eventline sessions-backfill');

const app = await NestFactory.createApplicationContext(
  StorageModule.register({
    mongoUrl: config.MONGO_URL,
    writeConcern: config.writeConcern(),
    serverSelectionTimeoutMs: SERVER_SELECTION_TIMEOUT_MS,
  }),
  // Warnings and errors only.
  { logger: new StderrLogger({ json: true, logLevels: ['warn', 'error', 'fatal'] }), abortOnError: false },
);
try {
  const done = await app.get(SessionsBackfill).run({
    onChunk: (progress) => console.error(JSON.stringify({ msg: 'sessions backfill', ...progress })),
  });
  console.log(JSON.stringify(done));
} catch (error) {
  console.error(
    JSON.stringify({
      msg: 'sessions backfill failed; it is safe to run it again',
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  process.exitCode = 1;
} finally {
  await app.close();
}

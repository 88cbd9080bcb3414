import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@eventline/config';
import { CATEGORY_NAMES, EventTopology, findCategory } from '@eventline/contracts';
import { NatsConnectionService, NatsModule, replayDeadLetters } from '@eventline/messaging';
import { DlqReplayConfig } from './dlq-replay.config.js';
import { StderrLogger } from './stderr.logger.js';

// `npm run dlq:replay -- --category party`: publishes the category's dead letters back to
// events.<category> (same bodies, so the same event ids) and removes them from the DLQ.
const usage = `usage: npm run dlq:replay -- --category <${CATEGORY_NAMES.join('|')}>`;
let category: string | undefined;
try {
  category = parseArgs({ options: { category: { type: 'string' } } }).values.category;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (!category || !findCategory(category)) {
  console.error(usage);
  process.exit(2);
}

const config = loadConfigOrExit(DlqReplayConfig, process.env, 'eventline dlq-replay');

// The apps' NatsModule, so the topology and the connection are made as theirs are: it waits for
// NATS while it is absent, logging each wait.
const app = await NestFactory.createApplicationContext(
  NatsModule.forRoot({ config, name: 'eventline-dlq-replay' }),
  // Warnings and errors only.
  { logger: new StderrLogger({ json: true, logLevels: ['warn', 'error', 'fatal'] }), abortOnError: false },
);
try {
  const nc = await app.get(NatsConnectionService).readyConnection();
  const { replayed } = await replayDeadLetters(nc, app.get(EventTopology), category);
  console.log(JSON.stringify({ category, replayed }));
} finally {
  await app.close(); // drains the connection
}

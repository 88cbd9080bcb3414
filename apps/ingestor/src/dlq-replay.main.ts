import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@eventline/config';
import { CATEGORY_NAMES, EventTopology, findCategory } from '@eventline/contracts';
import { connectNats, natsSettingsFrom, replayDeadLetters } from '@eventline/messaging';
import { DlqReplayConfig } from './dlq-replay.config.js';

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

// A one-off command, not a Nest app: it connects directly, and waits for NATS if it is not there yet.
const nc = await connectNats(natsSettingsFrom(config, 'eventline-dlq-replay'));
try {
  const { replayed } = await replayDeadLetters(nc, new EventTopology(config.EVENTLINE_NAMESPACE), category);
  console.log(JSON.stringify({ category, replayed }));
} finally {
  await nc.drain();
}

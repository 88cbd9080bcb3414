import { MongoClient } from 'mongodb';
import { importDist } from './environment.mjs';

// The ingestor's default write concern (docs/architecture.md, "Storage"); the raw ceiling pays the same.
export const WRITE_CONCERN = { w: 'majority', j: true };

/** The bare driver (mongoose's own `mongodb`), for the storage and query ceilings. */
export async function mongoClient(url) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return client;
}

/** Creates the indexes of libs/storage's schema (the one source of truth) on a collection. */
export async function createStoredEventIndexes(collection) {
  const { StoredEventSchema } = await importDist('libs/storage/src/index.js');
  for (const [keys, options] of StoredEventSchema.indexes()) {
    await collection.createIndex(keys, { name: options.name });
  }
}

/** Inserts documents in unordered batches, `concurrency` batches in flight; returns seconds taken. */
export async function insertInBatches(collection, docs, { batchSize, concurrency = 1 }) {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < docs.length) {
      const batch = docs.slice(next, next + batchSize);
      next += batchSize;
      await collection.insertMany(batch, { ordered: false, writeConcern: WRITE_CONCERN });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

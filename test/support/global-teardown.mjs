// Stops the containers global-setup started; servers from scripts/test-services.sh stay up for
// the next run (stop them with `bash scripts/test-services.sh stop`).
export default async function globalTeardown() {
  for (const container of globalThis.__EVENTLINE_CONTAINERS__ ?? []) await container.stop();
}

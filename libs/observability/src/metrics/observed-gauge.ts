import { Gauge, Registry } from 'prom-client';

/** A gauge whose value `read` gives at each scrape (a size or a count held elsewhere). */
export function observedGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

import { currentCorrelationId, runWithCorrelationId } from './correlation.context.js';

describe('correlation context', () => {
  it('carries the id through asynchronous work started inside it, and not outside', async () => {
    const seen = await runWithCorrelationId('req-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('req-1');
    expect(currentCorrelationId()).toBeUndefined();
  });
});

import { LOG_LEVEL_VALUES, toLogLevel } from './log-level.js';

describe('toLogLevel', () => {
  it("takes pino's level names as they are and NestJS's log/verbose as info/trace", () => {
    expect(['info', 'debug', 'silent', 'log', 'verbose'].map(toLogLevel)).toEqual([
      'info',
      'debug',
      'silent',
      'info',
      'trace',
    ]);
  });

  it('refuses anything the config classes would refuse', () => {
    expect(LOG_LEVEL_VALUES).not.toContain('loud');
    expect(() => toLogLevel('loud')).toThrow(/loud/);
  });
});

import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ConfigValidationError, loadConfig } from './load-config.js';

class ExampleConfig {
  @IsUrl({ protocols: ['nats'], require_tld: false })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;
}

describe('loadConfig', () => {
  it('converts numeric strings and keeps defaults for unset or empty variables', () => {
    expect(loadConfig(ExampleConfig, { PORT: '8080', NATS_URL: '' })).toMatchObject({
      PORT: 8080,
      NATS_URL: 'nats://127.0.0.1:4222',
    });
  });

  it('names the variable whose value is bad', () => {
    expect(() => loadConfig(ExampleConfig, { PORT: 'eighty' })).toThrow(ConfigValidationError);
    expect(() => loadConfig(ExampleConfig, { PORT: '70000' })).toThrow(/PORT/);
  });

  it('ignores variables the class does not declare', () => {
    expect(loadConfig(ExampleConfig, { HOME: '/root' })).not.toHaveProperty('HOME');
  });
});

import { IsInt } from 'class-validator';
import { withHealthListener } from './health-listener.config.js';
import { IngestPathConfig } from './ingest-path.config.js';
import { loadConfig } from './load-config.js';
import { ServiceConfig } from './service.config.js';

class AppConfig extends ServiceConfig {
  @IsInt()
  PORT: number = 3000;
}

class ListenerAppConfig extends withHealthListener(IngestPathConfig, 3001) {}

describe('shared service settings', () => {
  it('an app config inherits the NATS, MongoDB and log variables with their defaults', () => {
    expect(loadConfig(AppConfig, { PORT: '8080' })).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      MONGO_URL: 'mongodb://127.0.0.1:27017/eventline',
      EVENTLINE_NAMESPACE: '',
      LOG_LEVEL: 'info',
      ACCESS_LOG_SAMPLE_RATE: 0.01,
      PORT: 8080,
    });
    expect(loadConfig(AppConfig, { ACCESS_LOG_SAMPLE_RATE: '0.25' }).ACCESS_LOG_SAMPLE_RATE).toBe(0.25);
  });

  it('names an inherited variable whose value is bad', () => {
    expect(() => loadConfig(AppConfig, { NATS_URL: 'http://broker' })).toThrow(/NATS_URL/);
    expect(() => loadConfig(AppConfig, { MONGO_URL: 'postgres://db' })).toThrow(/MONGO_URL/);
    expect(() => loadConfig(AppConfig, { EVENTLINE_NAMESPACE: 'Has Spaces' })).toThrow(/EVENTLINE_NAMESPACE/);
    expect(() => loadConfig(AppConfig, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    for (const rate of ['1.5', '-0.1', 'often', 'NaN'])
      expect(() => loadConfig(AppConfig, { ACCESS_LOG_SAMPLE_RATE: rate })).toThrow(/ACCESS_LOG_SAMPLE_RATE/);
  });

  it('a config with the health listener mixed in converts and validates its variables too', () => {
    expect(loadConfig(ListenerAppConfig, { HEALTH_PORT: '0', STREAM_REPLICAS: '3' })).toMatchObject({
      HEALTH_PORT: 0,
      HEALTH_HOST: '0.0.0.0',
      STREAM_REPLICAS: 3,
      MAX_FUTURE_SKEW_MS: 86_400_000,
      LOG_LEVEL: 'info',
    });
    expect(() => loadConfig(ListenerAppConfig, { HEALTH_PORT: '70000' })).toThrow(/HEALTH_PORT/);
    expect(() => loadConfig(ListenerAppConfig, { STREAM_REPLICAS: '9' })).toThrow(/STREAM_REPLICAS/);
  });
});

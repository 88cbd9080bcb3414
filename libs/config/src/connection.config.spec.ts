import { IsInt } from 'class-validator';
import { NatsMongoConfig } from './connection.config.js';
import { loadConfig } from './load-config.js';

class AppConfig extends NatsMongoConfig {
  @IsInt()
  PORT: number = 3000;
}

describe('shared connection settings', () => {
  it('an app config inherits the NATS and MongoDB variables with their defaults', () => {
    expect(loadConfig(AppConfig, { PORT: '8080' })).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      MONGO_URL: 'mongodb://127.0.0.1:27017/eventline',
      EVENTLINE_NAMESPACE: '',
      PORT: 8080,
    });
  });

  it('names an inherited variable whose value is bad', () => {
    expect(() => loadConfig(AppConfig, { NATS_URL: 'http://broker' })).toThrow(/NATS_URL/);
    expect(() => loadConfig(AppConfig, { MONGO_URL: 'postgres://db' })).toThrow(/MONGO_URL/);
    expect(() => loadConfig(AppConfig, { EVENTLINE_NAMESPACE: 'Has Spaces' })).toThrow(/EVENTLINE_NAMESPACE/);
  });
});

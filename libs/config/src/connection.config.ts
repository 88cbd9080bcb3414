import { IsOptional, IsString, Matches } from 'class-validator';

/** The NATS connection and namespace every eventline process configures the same way. */
export class NatsConnectionConfig {
  /** Comma-separated NATS server URLs. */
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, {
    message: 'NATS_URL must be nats:// URLs, comma-separated',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASS?: string;

  /** Prefix of every stream and subject; '' in production (DESIGN.md's names). */
  @Matches(/^([a-z0-9][a-z0-9_-]{0,47})?$/, {
    message: 'EVENTLINE_NAMESPACE must be empty or a lower-case slug',
  })
  EVENTLINE_NAMESPACE: string = '';
}

/** NATS plus MongoDB: the gateway (readiness), the ingestor and the query service. */
export class NatsMongoConfig extends NatsConnectionConfig {
  /** `mongodb://host:port/<database>`; database `eventline` when the path is empty. */
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGO_URL must be a mongodb:// URL' })
  MONGO_URL: string = 'mongodb://127.0.0.1:27017/eventline';
}

import { Injectable, Logger, LoggerService } from '@nestjs/common';

/**
 * Terminus's logger. Terminus logs every failed readiness check as an error, but a dependency
 * that does not answer is no fault of this process: the probe's 503 reports it, and the log says
 * it as a warning, like the API's other 503 answers.
 */
@Injectable()
export class ReadinessLogger implements LoggerService {
  private readonly logger = new Logger('Readiness');

  log(message: unknown): void {
    this.logger.log(message);
  }

  error(message: unknown): void {
    this.logger.warn(message);
  }

  warn(message: unknown): void {
    this.logger.warn(message);
  }
}

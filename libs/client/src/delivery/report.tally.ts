import type { EventResult, FlushReport } from '../track/event-result.js';

/**
 * The outcomes of every event settled since the last report, for `flush()` and `close()`: the
 * events sent in batches on their own, and those refused on arrival (`queue_full`, `closed`,
 * `event_too_large`) too, so a report accounts for every event tracked. Failures are listed up
 * to `maxListed` (the queue's bound, so the tally is bounded like the queue) and counted beyond.
 */
export class ReportTally {
  private report = emptyReport();

  constructor(private readonly maxListed: number) {}

  add(result: EventResult): void {
    const report = this.report;
    if (result.status === 'rejected' || result.status === 'undelivered') {
      if (report.rejected.length + report.undelivered.length >= this.maxListed) report.unlisted += 1;
      else if (result.status === 'rejected') report.rejected.push(result);
      else report.undelivered.push(result);
    } else if (result.status === 'accepted') report.accepted += 1;
    else report.duplicates += 1;
  }

  /** The report so far; the next one starts empty. */
  take(): FlushReport {
    const report = this.report;
    this.report = emptyReport();
    return report;
  }
}

function emptyReport(): FlushReport {
  return { accepted: 0, duplicates: 0, rejected: [], undelivered: [], unlisted: 0 };
}

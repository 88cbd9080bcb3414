/** Pure helpers turning the API's times (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC) into what people read. */

/** Epoch milliseconds of an API time (the microseconds beyond are dropped). */
export function apiTimeMillis(timestamp: string): number {
  return Date.parse(`${timestamp.replace(' ', 'T').slice(0, 23)}Z`);
}

/** Microseconds since the epoch, exactly, for gaps between events. */
export function apiTimeMicros(timestamp: string): number {
  const [seconds, fraction = '0'] = timestamp.split('.');
  return Date.parse(`${seconds.replace(' ', 'T')}Z`) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/** The viewer's local time of an API time, with milliseconds. */
export function localTime(timestamp: string): string {
  const date = new Date(apiTimeMillis(timestamp));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

/** A gap in microseconds as `+1.250 s`, `+3 min 2 s`, `+2 h 5 min`. */
export function formatGap(micros: number): string {
  const ms = micros / 1000;
  if (ms < 1000) return `+${ms.toFixed(3).replace(/\.?0+$/, '')} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(3)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `+${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `+${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A `datetime-local` input's value (the viewer's time) as an API time (ISO 8601, UTC). */
export function localInputToApi(value: string): string {
  return value ? new Date(value).toISOString() : '';
}

/** An API time given in a link (ISO or the API format) as a `datetime-local` value. */
export function apiToLocalInput(value: string): string {
  if (!value) return '';
  const millis = Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(millis)) return '';
  const date = new Date(millis - new Date(millis).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 19);
}

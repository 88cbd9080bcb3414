// The answers' shapes are the client package's (one definition); only types are imported.
import type { EventItem, Page, SessionItem } from '@eventline/client';

export type { EventItem, Page, SessionItem };

/** An error answer of the API: `{ error: { code, message, field? } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | undefined>;

/** Calls the gateway's API with the key in the Authorization header (never in the URL). */
export class Api {
  constructor(private readonly key: string) {}

  sessions(params: Params): Promise<Page<SessionItem>> {
    return this.get('/v1/sessions', params);
  }

  events(params: Params): Promise<Page<EventItem>> {
    return this.get('/v1/events', params);
  }

  sessionEvents(sessionId: string, params: Params): Promise<Page<EventItem>> {
    return this.get(`/v1/sessions/${encodeURIComponent(sessionId)}/events`, params);
  }

  /** The URL of the live stream with these filters. */
  liveUrl(params: Params): string {
    return `/v1/events/live${query(params)}`;
  }

  authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.key}` };
  }

  private async get<T>(path: string, params: Params): Promise<T> {
    const response = await fetch(`${path}${query(params)}`, { headers: this.authorization() });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as T;
  }
}

export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    { error?: { code?: string; message?: string; field?: string } } | undefined;
  const error = body?.error;
  return new ApiError(
    response.status,
    error?.code ?? 'http_error',
    error?.message ?? `${response.status} ${response.statusText}`,
    error?.field,
  );
}

function query(params: Params): string {
  const given = Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]);
  return given.length === 0 ? '' : `?${new URLSearchParams(given).toString()}`;
}

/** What to tell a person about a failed call. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return `The gateway could not be reached (${String(error)}).`;
  if (error.status === 401) return 'This API key is not known to the gateway. Check it and sign in again.';
  if (error.status === 403)
    return 'This API key lacks the "query" scope: it may send events but not read them.';
  const field = error.field ? ` (${error.field})` : '';
  return `${error.message}${field} [${error.code}]`;
}

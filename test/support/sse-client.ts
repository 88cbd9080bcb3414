/** One message of a Server-Sent Events stream. */
export interface SseMessage {
  id?: string;
  data: string;
}

/**
 * Reads a Server-Sent Events response as it arrives: the messages and comment lines so far, and
 * whether the server ended it. (EventSource cannot send an Authorization header, hence fetch.)
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  ended = false;
  private readonly controller = new AbortController();

  private constructor(readonly response: Response) {}

  /** Opens the stream; resolves when the answer's headers arrived (for any status). */
  static async open(url: string, key: string): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const client = new SseClient(response);
    client.controller.signal.addEventListener('abort', () => controller.abort());
    if (response.ok && response.body) void client.read(response.body);
    return client;
  }

  /** The `data` of every message, parsed as JSON. */
  data<T>(): T[] {
    return this.messages.map((m) => JSON.parse(m.data) as T);
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      this.ended = true;
    } catch {
      // Aborted by close().
    }
  }

  private parse(block: string): void {
    const message: SseMessage = { data: '' };
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) message.id = line.slice(4);
      else if (line.startsWith('data: ')) {
        message.data += (hasData ? '\n' : '') + line.slice(6);
        hasData = true;
      }
    }
    if (hasData) this.messages.push(message);
  }
}

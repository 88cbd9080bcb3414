import { connect, Socket } from 'node:net';

/** What came back on a raw connection: the status line's code, the headers and the body. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after answering. */
  closed: boolean;
}

/**
 * Sends `head` (request line and headers, ending in a blank line) and optionally part of a body
 * on a raw TCP connection, and reads the answer without sending anything more: shows what the
 * gateway answers before a body has arrived, which fetch and node:http cannot send.
 */
export function rawRequest(
  url: string,
  head: string,
  body = '',
  waitMs = 5000,
): Promise<RawAnswer | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closed = false;
    const timer = setTimeout(() => finish(), waitMs);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseAnswer(Buffer.concat(chunks).toString('utf8'), closed));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answer = parseAnswer(Buffer.concat(chunks).toString('utf8'), false);
      // Stop at a complete answer; a server that closes ends it below.
      if (answer && Buffer.byteLength(answer.body) >= Number(answer.headers['content-length'] ?? Infinity)) {
        setTimeout(finish, 50);
      }
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (chunks.length > 0) finish();
      else reject(error);
    });
    socket.write(head + body);
  });
}

function parseAnswer(text: string, closed: boolean): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4), closed };
}

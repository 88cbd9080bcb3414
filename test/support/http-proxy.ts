import { createServer, IncomingMessage, Server } from 'node:http';

/** One request as the proxy saw it arrive. */
export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
  /** `performance.now()` when the request arrived: measured at the server's side. */
  arrivedAt: number;
}

/** A local answer in place of the upstream's. */
export interface LocalAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpProxy {
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A small HTTP server in front of a real gateway that records every request and, when `answer`
 * returns something, answers it itself (e.g. a 429) instead of forwarding it. Lets a test see
 * from the server's side what a client sent and when, and inject answers the gateway does not
 * give on its own.
 */
export async function startHttpProxy(
  upstream: string,
  answer: (request: ProxiedRequest, index: number) => LocalAnswer | undefined = () => undefined,
): Promise<HttpProxy> {
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const arrivedAt = performance.now();
    const body = await readBody(req);
    const request: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body, arrivedAt };
    requests.push(request);
    const local = answer(request, requests.length - 1);
    if (local) {
      res.writeHead(local.status, { 'content-type': 'application/json', ...local.headers });
      res.end(local.body === undefined ? '' : JSON.stringify(local.body));
      return;
    }
    try {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await fetch(upstream + request.path, {
        method: request.method,
        headers,
        body: request.method === 'GET' ? undefined : body,
      });
      const text = await response.text();
      const out: Record<string, string> = {
        'content-type': response.headers.get('content-type') ?? 'application/json',
      };
      const retryAfter = response.headers.get('retry-after');
      if (retryAfter) out['retry-after'] = retryAfter;
      res.writeHead(response.status, out);
      res.end(text);
    } catch {
      // The upstream is unreachable: so is the proxy, as far as the client can tell.
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

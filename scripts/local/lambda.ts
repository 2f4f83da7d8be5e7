/**
 * The local stand-in for the Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations),
 * so a function that invokes another (the provinces API runs a rollup in the rollup
 * function) does it locally with the real SDK client, as in AWS. A handler that throws
 * answers as Lambda does: 200 with X-Amz-Function-Error and {errorType, errorMessage}.
 */
import { createServer, type Server } from 'node:http';

export type Invocable = (event: never) => Promise<unknown>;

export interface LocalLambda {
  url: string;
  close(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLocalLambda(functions: Record<string, Invocable>): Promise<LocalLambda> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const m = PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
    const fn = m && req.method === 'POST' ? functions[decodeURIComponent(m[1]!)] : undefined;
    if (!fn) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${req.url}` }));
      return;
    }
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const out = await fn((text ? JSON.parse(text) : {}) as never);
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify(out ?? null));
    } catch (e) {
      const err = e as Error;
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify({ errorType: err.name ?? 'Error', errorMessage: err.message ?? String(e) }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

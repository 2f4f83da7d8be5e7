/**
 * The local HTTP server: turns each request into an API Gateway HTTP API (payload
 * 2.0) event, verifies the bearer token like the JWT authorizer does, and calls the
 * same Lambda handler that runs in AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { matchRoute, type FunctionName } from '../../functions/routes.ts';
import type { ApiResult } from '../../functions/lib/http.ts';
import { STACK_ID_PATH } from './checkout.ts';
import { verifyToApiGatewayClaims, type KeyPair } from './keys.ts';
import { serveWeb, type WebOptions } from './web.ts';

export type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<ApiResult>;

/** API Gateway's own payload limit is 10 MB; the handlers refuse above 256 KB. */
const MAX_READ_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toEvent(
  req: IncomingMessage,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string>,
  claims: Record<string, string> | undefined,
  requestId: string,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    // Always base64, as API Gateway does for binary bodies: the handler sees the exact bytes.
    body: body.toString('base64'),
    isBase64Encoded: true,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * The answers API Gateway (HTTP API) gives itself, before or instead of a Lambda: same
 * status, same body, and its request-id header. The handlers' own errors keep the
 * service's error format.
 */
const GATEWAY = {
  unauthorized: [401, 'Unauthorized'],
  notFound: [404, 'Not Found'],
  tooLarge: [413, 'Request Entity Too Large'],
  internal: [500, 'Internal Server Error'],
} as const satisfies Record<string, readonly [number, string]>;

function gateway(res: ServerResponse, which: keyof typeof GATEWAY, requestId: string, headers: Record<string, string> = {}): void {
  const [status, text] = GATEWAY[which];
  send(res, status, JSON.stringify({ message: text }), { 'apigw-requestid': requestId, ...headers });
}

/** With `web`, paths outside /v1/ serve the web app (as CloudFront does in AWS). */
export function createLocalServer(
  handlers: Record<FunctionName, Handler>,
  key: KeyPair,
  o: { stackId?: string; web?: WebOptions } = {},
): Server {
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      // The one local-only path: lets this checkout's tools recognise its running stack (docs/local-vs-aws.md).
      if (o.stackId && req.method === 'GET' && req.url === STACK_ID_PATH) return send(res, 200, JSON.stringify({ id: o.stackId }));
      // A request target that is no URL at all ("//[") is no route either (it was a 500).
      if (!URL.canParse(req.url ?? '/', 'http://local')) return gateway(res, 'notFound', requestId);
      const url = new URL(req.url ?? '/', 'http://local');
      if (o.web && !url.pathname.startsWith('/v1/') && (await serveWeb(req, res, url.pathname, o.web))) return;
      // Path parameters stay percent-encoded, as API Gateway passes them. An HTTP API has no
      // 405: another method on a known path is no route, as in AWS.
      const match = matchRoute(req.method ?? 'GET', url.pathname);
      if (!match || 'allowed' in match) return gateway(res, 'notFound', requestId);
      const body = await readBody(req);
      if (body === 'too_large') return gateway(res, 'tooLarge', requestId);
      let claims: Record<string, string> | undefined;
      if (match.route.auth) {
        const auth = req.headers.authorization ?? '';
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        claims = m ? await verifyToApiGatewayClaims(key, m[1]!) : undefined;
        if (!claims) return gateway(res, 'unauthorized', requestId, { 'www-authenticate': 'Bearer' });
      }
      const event = toEvent(req, body, `${match.route.method} ${match.route.path}`, match.params, claims, requestId);
      const result = await handlers[match.route.fn](event);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (e) {
      // The handlers map their own errors; a throw out of one is a failed invocation, which
      // API Gateway answers with its own 500.
      console.error(`[${requestId}] local server error`, (e as Error).message);
      if (!res.headersSent) gateway(res, 'internal', requestId);
      else res.end();
    }
  });
}

/**
 * The local HTTP server: turns each request into an API Gateway HTTP API (payload
 * 2.0) event, verifies the bearer token like the JWT authorizer does, and calls the
 * same Lambda handler that runs in AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { langFromAcceptLanguage, message } from '../../shared/i18n/messages.ts';
import { matchRoute, type FunctionName } from '../../functions/routes.ts';
import type { ApiResult } from '../../functions/lib/http.ts';
import { verifyToApiGatewayClaims, type KeyPair } from './keys.ts';

export type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<ApiResult>;

/** API Gateway's own payload limit is 10 MB; the handlers refuse above 256 KB. */
const MAX_READ_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

function errorBody(code: string, req: IncomingMessage, requestId: string): string {
  const lang = langFromAcceptLanguage(req.headers['accept-language']);
  return JSON.stringify({ error: { code, message: message(code, lang, { limit: MAX_READ_BYTES }), requestId, details: [] } });
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

export function createLocalServer(handlers: Record<FunctionName, Handler>, key: KeyPair): Server {
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      // A request target that is no URL at all ("//[") is no route either (it was a 500).
      if (!URL.canParse(req.url ?? '/', 'http://local')) return send(res, 404, errorBody('ROUTE_NOT_FOUND', req, requestId), { 'x-request-id': requestId });
      const url = new URL(req.url ?? '/', 'http://local');
      // Path parameters stay percent-encoded, as API Gateway passes them.
      const match = matchRoute(req.method ?? 'GET', url.pathname);
      if (!match) return send(res, 404, errorBody('ROUTE_NOT_FOUND', req, requestId), { 'x-request-id': requestId });
      if ('allowed' in match)
        return send(res, 405, errorBody('METHOD_NOT_ALLOWED', req, requestId), { allow: match.allowed.join(', '), 'x-request-id': requestId });
      const body = await readBody(req);
      if (body === 'too_large') return send(res, 413, errorBody('PAYLOAD_TOO_LARGE', req, requestId), { 'x-request-id': requestId });
      let claims: Record<string, string> | undefined;
      if (match.route.auth) {
        const auth = req.headers.authorization ?? '';
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        claims = m ? await verifyToApiGatewayClaims(key, m[1]!) : undefined;
        if (!claims) return send(res, 401, errorBody('UNAUTHENTICATED', req, requestId), { 'x-request-id': requestId, 'www-authenticate': 'Bearer' });
      }
      const event = toEvent(req, body, `${match.route.method} ${match.route.path}`, match.params, claims, requestId);
      const result = await handlers[match.route.fn](event);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (e) {
      // The handlers map their own errors; this is the server's last line of defence.
      console.error(`[${requestId}] local server error`, (e as Error).message);
      if (!res.headersSent) send(res, 500, errorBody('INTERNAL', req, requestId), { 'x-request-id': requestId });
      else res.end();
    }
  });
}

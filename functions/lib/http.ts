/**
 * The HTTP edge shared by the API functions: reading API Gateway HTTP API (payload
 * 2.0) events, and the one place that maps domain errors to statuses and bodies.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { principalFromClaims, type Principal } from '../../shared/auth/principal.ts';
import { DomainError, StoreUnavailableError, type ErrorDetail, type ErrorKind } from '../../shared/errors/errors.ts';
import { langFromAcceptLanguage, message, type Lang } from '../../shared/i18n/messages.ts';
import { parseJsonStrict } from '../../shared/http/json.ts';
import { logger } from './observability.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = Exclude<APIGatewayProxyResultV2, string>;

export const MAX_BODY_BYTES = 256 * 1024;

const STATUS: Record<ErrorKind, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_required: 428,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  too_many_requests: 429,
  unavailable: 503,
};

/** Bad request-level input (malformed JSON, bad parameters) is 400, not 422. */
const BAD_REQUEST_CODES = new Set([
  'MALFORMED_JSON',
  'INVALID_UTF8',
  'DUPLICATE_KEY',
  'INVALID_VERSION',
  'INVALID_IF_MATCH',
  'INVALID_PAGE',
]);

export function header(event: ApiEvent, name: string): string | undefined {
  const h = event.headers ?? {};
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export const langOf = (event: ApiEvent): Lang => langFromAcceptLanguage(header(event, 'accept-language'));
export const requestIdOf = (event: ApiEvent): string => event.requestContext?.requestId ?? 'unknown';

export function json(status: number, body: unknown, event: ApiEvent, extra: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': requestIdOf(event),
      'cache-control': 'no-store',
      ...extra,
    },
    body: JSON.stringify(body),
  };
}

export function principal(event: ApiEvent): Principal {
  return principalFromClaims(event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
}

export function pathParam(event: ApiEvent, name: string): string {
  const v = event.pathParameters?.[name];
  // API Gateway passes path parameters still percent-encoded.
  try {
    return v ? decodeURIComponent(v) : '';
  } catch {
    return v ?? '';
  }
}

/** The JSON body: media type, size, UTF-8 and syntax checked, duplicate keys refused. */
export function jsonBody(event: ApiEvent): unknown {
  const type = (header(event, 'content-type') ?? '').toLowerCase();
  const media = type.split(';')[0]!.trim();
  const charset = /charset=([^;]+)/.exec(type)?.[1]?.trim().replace(/"/g, '');
  if (!(media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media)) || (charset && charset !== 'utf-8'))
    throw new DomainError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE');
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.byteLength > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 'PAYLOAD_TOO_LARGE', { limit: MAX_BODY_BYTES });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError('validation', 'INVALID_UTF8');
  }
  return parseJsonStrict(text);
}

/** `If-Match: "3"` (or W/"3", or 3) to 3; absent to null. */
export function ifMatchVersion(event: ApiEvent): number | null {
  const v = header(event, 'if-match');
  if (v === undefined || v.trim() === '') return null;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(v);
  if (!m) throw new DomainError('validation', 'INVALID_IF_MATCH');
  return Number(m[1]);
}

export function versionQuery(event: ApiEvent): number | undefined {
  const v = event.queryStringParameters?.version;
  if (v === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(v)) throw new DomainError('validation', 'INVALID_VERSION');
  return Number(v);
}

/** A page of a list: `?limit=` (1..max, default `fallback`) and `?cursor=` (opaque to clients: the version to continue below). */
export function pageQuery(event: ApiEvent, max: number, fallback: number): { limit: number; below?: number } {
  const q = event.queryStringParameters ?? {};
  const limit = q.limit === undefined ? fallback : /^[1-9]\d{0,8}$/.test(q.limit) ? Number(q.limit) : Number.NaN;
  if (!(limit >= 1 && limit <= max)) throw new DomainError('validation', 'INVALID_PAGE', { max });
  if (q.cursor === undefined) return { limit };
  if (!/^[1-9]\d{0,8}$/.test(q.cursor)) throw new DomainError('validation', 'INVALID_PAGE', { max });
  return { limit, below: Number(q.cursor) };
}

export function errorResponse(e: unknown, event: ApiEvent): ApiResult {
  const lang = langOf(event);
  const requestId = requestIdOf(event);
  if (e instanceof DomainError) {
    const status = BAD_REQUEST_CODES.has(e.code) ? 400 : STATUS[e.kind];
    const details: ErrorDetail[] = e.details;
    const extra: Record<string, string> = e.retryAfter ? { 'retry-after': String(e.retryAfter) } : {};
    return json(status, { error: { code: e.code, message: message(e.code, lang, e.params), requestId, details } }, event, extra);
  }
  if (e instanceof StoreUnavailableError) {
    logger.warn('store unavailable', { error: e, requestId });
    return json(
      503,
      { error: { code: 'SERVICE_UNAVAILABLE', message: message('SERVICE_UNAVAILABLE', lang), requestId, details: [] } },
      event,
      { 'retry-after': '2' },
    );
  }
  logger.error('unhandled error', { error: e as Error, requestId });
  return json(500, { error: { code: 'INTERNAL', message: message('INTERNAL', lang), requestId, details: [] } }, event);
}

/** Wraps a route handler: every throw becomes a mapped response; nothing leaks. */
export function handle(fn: (event: ApiEvent) => Promise<ApiResult>): (event: ApiEvent) => Promise<ApiResult> {
  return async (event) => {
    try {
      return await fn(event);
    } catch (e) {
      return errorResponse(e, event);
    }
  };
}

export function notFoundRoute(event: ApiEvent): ApiResult {
  return errorResponse(new DomainError('not_found', 'ROUTE_NOT_FOUND'), event);
}

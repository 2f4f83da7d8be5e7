/**
 * Public routes: the read-only health check and the OpenAPI document (no token needed);
 * and the administrators' deep health check, which writes.
 */
import { publicContext } from './context.ts';
import { DomainError, forbidden } from '../../shared/errors/errors.ts';
import { errorResponse, handle, json, notFoundRoute, principal, type ApiEvent, type ApiResult } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';

/** How long a container reuses its last public check (a success; a failure for a shorter time). */
export const HEALTH_CACHE_MS = 10_000;
const HEALTH_FAILURE_CACHE_MS = 2_000;

const HEALTHY = { status: 'ok', table: 'ok', bucket: 'ok' } as const;
const unavailable = (event: ApiEvent) => errorResponse(new DomainError('unavailable', 'SERVICE_UNAVAILABLE', {}, [], 5), event);

/** The last public check of this container (of this composition root: a new root starts afresh). */
let cache: { owner: object; at: number; ok: boolean } | undefined;
let inflight: Promise<boolean> | undefined;

/** One read of the table and one of the bucket. */
async function readProbe(): Promise<boolean> {
  const ctx = publicContext();
  let ok = true;
  try {
    await Promise.all([ctx.reads.table.read(), ctx.reads.bucket.read()]);
  } catch (e) {
    logger.warn('health check failed', { error: e as Error });
    ok = false;
  }
  cache = { owner: ctx, at: Date.now(), ok };
  return ok;
}

/** GET /v1/health: reads only, the result reused for HEALTH_CACHE_MS; concurrent callers share one probe. */
async function health(event: ApiEvent): Promise<ApiResult> {
  const c = cache;
  const fresh = c && c.owner === publicContext() && Date.now() - c.at < (c.ok ? HEALTH_CACHE_MS : HEALTH_FAILURE_CACHE_MS);
  if (fresh) return c.ok ? json(200, HEALTHY, event) : unavailable(event);
  if (!inflight)
    inflight = readProbe().finally(() => {
      inflight = undefined;
    });
  const ok = await inflight;
  return ok ? json(200, HEALTHY, event) : unavailable(event);
}

/** GET /v1/admin/health: administrators only; writes the HEALTH item and health/{pid}, and reads both back. */
async function deepHealth(event: ApiEvent): Promise<ApiResult> {
  // The role alone decides: the check reads no province's data (and the registry stays out of this bundle).
  if (principal(event).role !== 'admin') throw forbidden();
  const ctx = publicContext();
  const probe = `health/${process.pid}`;
  try {
    await ctx.health.check();
    await ctx.blobs.put(probe, 'ok', { contentType: 'text/plain' });
    const back = await ctx.blobs.get(probe);
    // Concurrent probes share the key (s3rver may then read back an empty body): reading
    // the object back at all proves the round trip.
    if (!back) throw new Error('bucket read-back failed');
    return json(200, HEALTHY, event);
  } catch (e) {
    logger.warn('deep health check failed', { error: e as Error });
    return unavailable(event);
  }
}

export const handler = handle(async (event) => {
  switch (event.routeKey) {
    case 'GET /v1/health':
      return health(event);
    case 'GET /v1/admin/health':
      return deepHealth(event);
    case 'GET /v1/openapi.json':
      // Loaded on the first request for it: the module builds every schema of the API, which the health checks never need.
      return json(200, (await import('../lib/openapi.ts')).openApiDocument(), event, { 'cache-control': 'public, max-age=300' });
    default:
      return notFoundRoute(event);
  }
});

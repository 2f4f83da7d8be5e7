/** Public routes: health and the OpenAPI document (no token needed). */
import { publicContext } from './context.ts';
import { openApiDocument } from '../lib/openapi.ts';
import { DomainError } from '../../shared/errors/errors.ts';
import { errorResponse, handle, json, notFoundRoute, type ApiEvent } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';

async function health(event: ApiEvent) {
  const ctx = publicContext();
  const probe = `health/${process.pid}`;
  try {
    await ctx.health.check();
    await ctx.blobs.put(probe, 'ok', 'text/plain');
    const back = await ctx.blobs.get(probe);
    // Concurrent probes share the key (s3rver may then read back an empty body): reading
    // the object back at all proves the round trip.
    if (!back) throw new Error('bucket read-back failed');
    return json(200, { status: 'ok', table: 'ok', bucket: 'ok' }, event);
  } catch (e) {
    logger.warn('health check failed', { error: e as Error });
    return errorResponse(new DomainError('unavailable', 'SERVICE_UNAVAILABLE', {}, [], 5), event);
  }
}

export const handler = handle(async (event) => {
  switch (event.routeKey) {
    case 'GET /v1/health':
      return health(event);
    case 'GET /v1/openapi.json':
      return json(200, openApiDocument(), event, { 'cache-control': 'public, max-age=300' });
    default:
      return notFoundRoute(event);
  }
});

/** Public routes: health and the OpenAPI document (no token needed). */
import { appContext } from '../lib/context.ts';
import { openApiDocument } from '../lib/openapi.ts';
import { handle, json, notFoundRoute, type ApiEvent } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';

async function health(event: ApiEvent) {
  const ctx = appContext();
  const probe = `health/${process.pid}`;
  try {
    await ctx.health.check();
    await ctx.blobs.put(probe, 'ok', 'text/plain');
    const back = await ctx.blobs.get(probe);
    if (!back || Buffer.from(back).toString() !== 'ok') throw new Error('bucket read-back mismatch');
    return json(200, { status: 'ok', table: 'ok', bucket: 'ok' }, event);
  } catch (e) {
    logger.warn('health check failed', { error: e as Error });
    return json(503, { status: 'unavailable' }, event, { 'retry-after': '5' });
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

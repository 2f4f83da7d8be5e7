/**
 * Province API (province staff and admins of that province): the completeness status
 * of a period, running the rollup now, and the latest rollup with links to its files;
 * and the unit registry (any signed-in caller). Thin: parse the event, call the services.
 */
import { rollupService, unitService } from './context.ts';
import { handle, json, notFoundRoute, pathParam, principal, type ApiEvent, type ApiResult } from '../lib/http.ts';

const base = (province: string, period: string) => `/v1/provinces/${province}/rollups/${period}`;

async function status(event: ApiEvent): Promise<ApiResult> {
  const body = await (await rollupService()).status(principal(event), pathParam(event, 'province'), pathParam(event, 'period'));
  return json(200, body, event);
}

async function runNow(event: ApiEvent): Promise<ApiResult> {
  const province = pathParam(event, 'province');
  const period = pathParam(event, 'period');
  const r = await (await rollupService()).runNow(principal(event), province, period);
  return json(r.created ? 201 : 200, r.body, event, r.created ? { location: base(province, r.body.period) } : {});
}

async function latest(event: ApiEvent): Promise<ApiResult> {
  const body = await (await rollupService()).latest(principal(event), pathParam(event, 'province'), pathParam(event, 'period'));
  return json(200, body, event, { etag: `"${body.runId}"` });
}

async function units(event: ApiEvent): Promise<ApiResult> {
  principal(event);
  const q = event.queryStringParameters ?? {};
  return json(200, await (await unitService()).list({ province: q.province, on: q.on }), event);
}

async function unit(event: ApiEvent): Promise<ApiResult> {
  principal(event);
  return json(200, await (await unitService()).get(pathParam(event, 'unit')), event);
}

const routes: Record<string, (e: ApiEvent) => Promise<ApiResult>> = {
  'GET /v1/units': units,
  'GET /v1/units/{unit}': unit,
  'GET /v1/provinces/{province}/periods/{period}/status': status,
  'POST /v1/provinces/{province}/rollups/{period}': runNow,
  'GET /v1/provinces/{province}/rollups/{period}': latest,
};

export const handler = handle(async (event) => {
  const route = routes[event.routeKey];
  return route ? route(event) : notFoundRoute(event);
});

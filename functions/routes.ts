/**
 * The HTTP API's routes and which Lambda serves each: one table read by the CDK
 * stack (to create routes), the local server (to dispatch) and the OpenAPI document.
 */
export type FunctionName = 'reports' | 'provinces' | 'public';

export interface Route {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  fn: FunctionName;
  /** false only for health and the OpenAPI document. */
  auth: boolean;
}

export const ROUTES: readonly Route[] = [
  { method: 'PUT', path: '/v1/units/{unit}/reports/{period}', fn: 'reports', auth: true },
  { method: 'POST', path: '/v1/units/{unit}/reports/{period}/validate', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/units/{unit}/reports/{period}', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/units/{unit}/reports/{period}/versions', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/units/{unit}/reports/{period}/document', fn: 'reports', auth: true },
  { method: 'POST', path: '/v1/units/{unit}/reports/{period}/review', fn: 'reports', auth: true },
  { method: 'POST', path: '/v1/units/{unit}/reports/{period}/reopen', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/units/{unit}/reports/{period}/form', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/forms', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/forms/{id}', fn: 'reports', auth: true },
  { method: 'GET', path: '/v1/units', fn: 'provinces', auth: true },
  { method: 'GET', path: '/v1/units/{unit}', fn: 'provinces', auth: true },
  { method: 'GET', path: '/v1/provinces/{province}/periods/{period}/status', fn: 'provinces', auth: true },
  { method: 'POST', path: '/v1/provinces/{province}/rollups/{period}', fn: 'provinces', auth: true },
  { method: 'GET', path: '/v1/provinces/{province}/rollups/{period}', fn: 'provinces', auth: true },
  { method: 'GET', path: '/v1/openapi.json', fn: 'public', auth: false },
  { method: 'GET', path: '/v1/health', fn: 'public', auth: false },
  { method: 'GET', path: '/v1/admin/health', fn: 'public', auth: true },
];

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** Matches a concrete path against the table (for the local server). */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const segs = path.split('/');
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const rsegs = route.path.split('/');
    if (rsegs.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < rsegs.length && ok; i++) {
      const r = rsegs[i]!;
      const s = segs[i]!;
      if (r.startsWith('{')) {
        if (!s) ok = false;
        else params[r.slice(1, -1)] = s;
      } else if (r !== s) ok = false;
    }
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : undefined;
}

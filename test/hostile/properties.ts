/**
 * The hostile-input properties, shared by `npm test` (test/hostile/fuzz.test.ts: a few
 * hundred cases each, fixed seed) and the long run (scripts/fuzz.ts: 10,000 each).
 *
 * For every request, whatever its body, headers, path or caller:
 *  - never a 5xx, and the body fits Lambda's 6 MB response limit (above it API Gateway answers 5xx);
 *  - never a stack trace or internal name in a body;
 *  - a 4xx always carries `error.code`, `error.message`, `error.requestId` and well-formed `details`;
 *  - a 2xx is only given to a caller allowed to do that, and never carries another unit's data;
 *  - storage changes only by an accepted version: per request, the storage writes that
 *    succeeded are recorded (none for any refusal; only the new version's own keys for a
 *    201), and every few cases a full scan of the table and bucket is compared;
 *  - NFC and NFD (and mixed, reordered-mark, padded) forms of the same text are stored as one.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { principalFromClaims, ROLES, type Principal } from '../../shared/auth/principal.ts';
import { reportStore } from '../../functions/lib/wiring.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { Registry } from '../../shared/registry/registry.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { parseReport } from '../../shared/report/validate.ts';
import { matchRoute, ROUTES, type Route } from '../../functions/routes.ts';
import {
  allowedWrites,
  example,
  OTHER_PROVINCE_FORM,
  OTHER_PROVINCE_UNIT,
  pathOf,
  registryWithOtherProvince,
  ROLE_NAMES,
  ROLE_PRINCIPAL,
  unexplainedChanges,
  type Accepted,
  type Hostile,
  type RawRequest,
  type Resp,
  type RoleName,
  type Snapshot,
} from './harness.ts';
import {
  applyByteEdits,
  applyMutations,
  byteEdits,
  clean,
  fuzzedClaims,
  headerSet,
  hostileBody,
  ifMatchSpec,
  LEAK_PATTERNS,
  marker,
  MARKER,
  mutation,
  periodSegment,
  provinceSegment,
  query,
  TEXT_PATHS,
  toJsonText,
  unitSegment,
  vietnameseText,
  type HeaderSet,
  type IfMatchSpec,
  type Path,
} from './arbitraries.ts';

/** Lambda's synchronous response payload limit: a bigger answer reaches the client as a 5xx. */
export const LAMBDA_MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
/** An error body has no reason to be large. */
export const MAX_ERROR_BYTES = 1024 * 1024;

export const route = (method: string, path: string): Route => {
  const r = ROUTES.find((x) => x.method === method && x.path === path);
  if (!r) throw new Error(`no route ${method} ${path}`);
  return r;
};
export const PUT = route('PUT', '/v1/units/{unit}/reports/{period}');
export const VALIDATE = route('POST', '/v1/units/{unit}/reports/{period}/validate');
export const GET_REPORT = route('GET', '/v1/units/{unit}/reports/{period}');

/** Units whose seeded 2021-H1 report carries its marker. */
export const MARKED_UNITS = ['870', '871', OTHER_PROVINCE_UNIT] as const;
export const SEED_PERIOD = '2021-H1';

// ---------------------------------------------------------------- context

export interface FuzzContext {
  h: Hostile;
  registry: Registry;
  /** Accepted versions since the last storage check. */
  accepted: Accepted[];
  rollupsRan: boolean;
  last?: Snapshot;
  cases: number;
  storageEvery: number;
  /** Tolerated oddities, counted for the report. */
  notes: Record<string, number>;
}

export function createContext(h: Hostile, storageEvery = 20): FuzzContext {
  return { h, registry: new Registry(registryWithOtherProvince()), accepted: [], rollupsRan: false, cases: 0, storageEvery, notes: {} };
}

/** The seeded example for a unit: the valid report with the unit's marker in its closing line. */
export function markedExample(unit: string): Record<string, any> {
  const b = example();
  if (unit === OTHER_PROVINCE_UNIT) b.form = { ...OTHER_PROVINCE_FORM };
  b.closing = `Kính chuyển Sở Nội vụ nắm, tổng hợp./. ${marker(unit)}`;
  return b;
}

/** The reporter role of a marked unit. */
export const reporterOf = (unit: string): RoleName =>
  unit === '870' ? 'reporter870' : unit === '871' ? 'reporter871' : 'reporterOtherProvince';

/** A marked unit's example submitted through the local HTTP edge by its own reporter (the tests' seed). */
export const putMarkedExample = (h: Hostile, unit: string) =>
  h.http({
    method: 'PUT',
    path: `/v1/units/${unit}/reports/${SEED_PERIOD}`,
    role: reporterOf(unit),
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(markedExample(unit))),
  });

/** Seeds 870, 871 and 815 (other province) for 2021-H1, then takes the first snapshot. */
export async function seed(ctx: FuzzContext): Promise<void> {
  for (const unit of MARKED_UNITS) {
    const r = await ctx.h.invoke({
      method: 'PUT',
      route: PUT,
      params: { unit, period: SEED_PERIOD },
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(markedExample(unit))),
      role: reporterOf(unit),
    });
    if (r.status !== 201 && r.status !== 200) throw new Error(`seeding ${unit}: ${r.status} ${r.text}`);
  }
  for (const [, p] of LEAK_PATTERNS) if (p.test(JSON.stringify(example()))) throw new Error(`the example itself matches ${p}`);
  ctx.last = await ctx.h.snapshot();
  ctx.accepted = [];
}

export async function checkStorage(ctx: FuzzContext): Promise<void> {
  const now = await ctx.h.snapshot();
  const diffs = ctx.last ? unexplainedChanges(ctx.last, now, ctx.accepted, { rollupsRan: ctx.rollupsRan }) : [];
  ctx.last = now;
  ctx.accepted = [];
  ctx.rollupsRan = false;
  if (diffs.length) throw new Error(`storage changed without an accepted version: ${diffs.slice(0, 10).join('; ')}`);
}

// ---------------------------------------------------------------- cases

export type Who = { role: RoleName } | { claims: Record<string, string> } | { token: { role: string; unit: string } };

export interface Case {
  label: string;
  route: Route;
  params: Record<string, string>;
  /** HTTP layer: another method on the route's path (API Gateway's 404 when no route has it). */
  method?: string;
  query?: string;
  headers: HeaderSet;
  ifMatch: IfMatchSpec;
  /** 'example': the marked example of the decoded path unit. */
  body?: Buffer | 'example';
  who: Who;
}

export const decode = (s: string | undefined): string => {
  if (!s) return '';
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

async function currentVersion(ctx: FuzzContext, unit: string, period: string): Promise<number> {
  const province = ctx.registry.provinceOf(unit);
  // Only real reports have a version (and DynamoDB refuses keys over 2 KB).
  if (!province || !parsePeriod(period)) return 0;
  const l = await reportStore().getLatest(province, unit, period);
  return l?.version ?? 0;
}

export async function toRequest(ctx: FuzzContext, c: Case): Promise<RawRequest> {
  const headers: Record<string, string> = { ...(c.headers.extra ?? {}) };
  if (c.headers.contentType !== undefined) headers['content-type'] = c.headers.contentType;
  if (c.headers.acceptLanguage !== undefined) headers['accept-language'] = c.headers.acceptLanguage;
  if ('value' in c.ifMatch) headers['if-match'] = c.ifMatch.value;
  else if ('current' in c.ifMatch) {
    const v = await currentVersion(ctx, decode(c.params.unit), decode(c.params.period));
    headers['if-match'] = `"${v + c.ifMatch.current}"`;
  }
  const body = c.body === 'example' ? Buffer.from(JSON.stringify(markedExample(decode(c.params.unit)))) : c.body;
  const who: Pick<RawRequest, 'role' | 'claims' | 'token'> =
    'role' in c.who
      ? { role: c.who.role }
      : 'claims' in c.who
        ? { role: 'none', claims: c.who.claims }
        : { role: 'none', token: c.who.token };
  return {
    method: c.method ?? c.route.method,
    route: c.route,
    params: c.params,
    ...(c.query ? { query: c.query } : {}),
    headers,
    ...(body !== undefined ? { body } : {}),
    ...who,
  };
}

/** What the caller is, independently of the code under test (claims parsing aside). */
export function principalOf(req: RawRequest): Principal | null {
  if (req.claims) {
    try {
      return principalFromClaims(req.claims);
    } catch {
      return null;
    }
  }
  if (req.token) {
    const { role, unit } = req.token;
    return (ROLES as readonly string[]).includes(role) && /^\d{1,10}$/.test(unit)
      ? { sub: 'x', role: role as Principal['role'], unit }
      : null;
  }
  const p = ROLE_PRINCIPAL[req.role];
  return p ? { sub: 'x', role: p.role as Principal['role'], unit: p.unit } : null;
}

/** The access rules (docs/architecture.md, "Access"), written out again as the oracle. */
export function allowed(reg: Registry, p: Principal | null, r: Route, params: Record<string, string>): boolean {
  if (!r.auth) return true;
  if (!p) return false;
  // Forms are readable by anyone signed in.
  if (r.path.startsWith('/v1/forms')) return true;
  // The registry (unit codes and names, public administrative data): any signed-in caller.
  if (r.path === '/v1/units' || r.path === '/v1/units/{unit}') return true;
  // The deep health check: administrators.
  if (r.path === '/v1/admin/health') return p.role === 'admin';
  // Staff roles count only on a province-tier unit (ADR 0802).
  if (p.role !== 'reporter' && reg.principalUnit(p.unit)?.kind !== 'province') return false;
  if (r.fn === 'reports') {
    const unit = decode(params.unit);
    const write = r.method === 'PUT' || r.path.endsWith('/validate');
    if (write) return p.role === 'reporter' && p.unit === unit;
    if (p.role === 'reporter') return p.unit === unit;
    const mine = reg.provinceOf(p.unit);
    return mine !== undefined && reg.provinceOf(unit) === mine;
  }
  if (r.fn === 'provinces') return p.role !== 'reporter' && reg.provinceOf(p.unit) === decode(params.province);
  return false;
}

/** Everything the request said, decoded, so echoes of the caller's own input are not taken for leaks. */
export function requestText(req: RawRequest): string {
  const parts = [req.method, req.path ?? '', req.query ?? '', decode(req.query ?? '')];
  for (const v of Object.values(req.params ?? {})) parts.push(v, decode(v));
  for (const [k, v] of Object.entries(req.headers ?? {})) parts.push(k, v);
  for (const [k, v] of Object.entries(req.claims ?? {})) parts.push(k, v);
  if (req.token) parts.push(req.token.role, req.token.unit);
  if (req.body) {
    const t = req.body.toString('utf8');
    parts.push(t);
    try {
      parts.push(JSON.stringify(JSON.parse(t)));
    } catch {
      /* not JSON */
    }
  }
  return parts.join('\n');
}

const XML_INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** A text of the report in this body (as the schema reads it) that XML 1.0 cannot carry. */
function xmlInvalidText(body: Buffer | undefined): string | undefined {
  const text = body?.toString('utf8') ?? '';
  // Only bodies with escapes or such characters can hold one (saves a parse).
  if (!/\\u|[\ufffe\uffff]/.test(text)) return undefined;
  try {
    const json = JSON.parse(text);
    const form = bundledForms().find((f) => f.id === json?.form?.id) ?? bundledForms()[0]!;
    const parsed = parseReport(form, json, 'vi');
    return parsed.ok ? strings(parsed.report).find((s) => XML_INVALID.test(s)) : undefined;
  } catch {
    return undefined; // not JSON the way this parser reads it: nothing to say
  }
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

/**
 * Every invariant of one response. Returns the violations (empty: fine) and, for a 201,
 * the accepted version.
 */
export function checkResponse(ctx: FuzzContext, req: RawRequest, r: Resp, writes: string[]): { violations: string[]; accepted?: Accepted } {
  const v: string[] = [];
  const reqText = requestText(req);
  // The route the request really reached (the HTTP layer may send another method on the path).
  const asked = req.route!;
  const sameRoute = req.method === asked.method;
  // A path segment that URL parsers take for a dot segment ("..", "%2e%2e") is resolved away
  // by the client before any server sees it: that request reaches no route.
  const dotSegment = Object.values(req.params ?? {}).some((x) => /^(?:\.|%2e){1,2}$/i.test(x));
  const reached = dotSegment ? undefined : sameRoute ? asked : ROUTES.find((x) => x.method === req.method && x.path === asked.path);
  const route = reached ?? asked;
  const unit = decode(req.params?.unit);
  const period = decode(req.params?.period);

  // GET /v1/health answers 503 {"status":"unavailable"} by design when its storage probe
  // fails; it is counted (see FuzzContext.notes), not failed: locally s3rver sometimes reads
  // back an object just written as empty, and concurrent probes overwrite each other's item.
  if (route.path === '/v1/health' && r.status === 503 && r.body?.status === 'unavailable' && r.headers['retry-after']) {
    ctx.notes['health 503 (probe read-back mismatch)'] = (ctx.notes['health 503 (probe read-back mismatch)'] ?? 0) + 1;
    return { violations: v };
  }
  if (r.status >= 500) v.push(`answered ${r.status}`);
  if (r.status < 200 || r.status > 599) v.push(`odd status ${r.status}`);
  const bytes = Buffer.byteLength(r.text);
  if (bytes > LAMBDA_MAX_RESPONSE_BYTES) v.push(`a ${bytes}-byte body exceeds Lambda's 6 MB response limit (a 5xx in AWS)`);
  if (r.status >= 400 && bytes > MAX_ERROR_BYTES) v.push(`a ${bytes}-byte error body`);
  if (!/^application\/json\b/.test(r.headers['content-type'] ?? '')) v.push(`content-type ${r.headers['content-type']}`);
  if (typeof r.body !== 'object' || r.body === null) v.push('body is not a JSON object');

  // The OpenAPI document is static text about the service (it names S3, rightly): not checked.
  const internal: [string, RegExp][] =
    route.path === '/v1/openapi.json' ? [] : [...LEAK_PATTERNS, ['table name', new RegExp(ctx.h.app.table)]];
  if (internal.length) internal.push(['bucket name', new RegExp(ctx.h.app.bucket)]);
  // Presigned URLs (documents, rollup files) name the bucket and the signing key id: that is their job.
  const scanned = r.status < 300 ? r.text.replace(/https?:\/\/[^"\s]+/g, '<url>') : r.text;
  for (const [name, p] of internal) if (p.test(scanned) && !p.test(reqText)) v.push(`body leaks ${name}`);

  // API Gateway's own answers (the local edge gives the same): exactly its body, and only where it gives them.
  const gatewayAnswer = (status: number, message: string) => r.status === status && isDeepStrictEqual(r.body, { message });
  const gatewayNotFound = gatewayAnswer(404, 'Not Found');
  const gatewayUnauthorized = gatewayAnswer(401, 'Unauthorized');
  // A parameter that is empty, or that URL parsing turns into a separator ("\\" becomes "/"), leaves a path no route matches.
  const urlPath = new URL(pathOf(asked, req.params ?? {}), 'http://edge').pathname;
  const matched = matchRoute(req.method, urlPath);
  const pathReaches = matched !== undefined && 'route' in matched && matched.route.path === asked.path;
  if (gatewayNotFound && reached && pathReaches) v.push(`API Gateway's 404 on the existing route ${reached.method} ${reached.path}`);
  if (gatewayUnauthorized && !(reached?.auth && !principalOf(req))) v.push("API Gateway's 401 with a valid principal or on a public route");
  if (r.status >= 400 && !gatewayNotFound && !gatewayUnauthorized) {
    const e = r.body?.error;
    if (!e || typeof e !== 'object') v.push('4xx without error object');
    else {
      if (typeof e.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(e.code)) v.push(`bad error.code ${JSON.stringify(e.code)}`);
      if (typeof e.message !== 'string' || !e.message.trim()) v.push('empty error.message');
      else if (e.message === e.code) v.push(`error.message is just the code ${e.code} (no catalogue entry)`);
      if (typeof e.requestId !== 'string' || !e.requestId) v.push('no error.requestId');
      if (!Array.isArray(e.details)) v.push('error.details not an array');
      else if (
        !e.details.every(
          (d: any) => d && typeof d.path === 'string' && typeof d.code === 'string' && typeof d.message === 'string' && d.message,
        )
      )
        v.push('malformed error.details entry');
    }
  }

  // No other unit's data: a seeded marker of any unit but the path's own, not sent by the caller.
  if (route.fn === 'reports') {
    for (const m of r.text.matchAll(MARKER)) if (m[1] !== unit && !reqText.includes(m[0])) v.push(`body carries ${m[0]} for unit ${unit}`);
  }

  const p = principalOf(req);
  const ok2xx = r.status >= 200 && r.status < 300;
  if (ok2xx && (!reached || !allowed(ctx.registry, p, route, req.params ?? {})))
    v.push(
      `${r.status} for ${p ? `${p.role} of ${p.unit}` : 'no principal'} on ${req.method} ${route.path} (${unit || decode(req.params?.province)})`,
    );
  const noRoute = gatewayNotFound || r.body?.error?.code === 'ROUTE_NOT_FOUND';
  if (reached && route.auth && !p && !noRoute && r.status !== 401) v.push(`${r.status} instead of 401 without a valid principal`);

  let accepted: Accepted | undefined;
  if (ok2xx && reached && route.fn === 'reports' && route.path.includes('{unit}')) {
    const b = r.body ?? {};
    if (!route.path.endsWith('/validate') && b.unit !== unit)
      v.push(`body.unit ${JSON.stringify(b.unit)} for path unit ${JSON.stringify(unit)}`);
    if (route.path.includes('{period}') && !route.path.endsWith('/validate') && b.period !== period)
      v.push(`body.period ${b.period} for ${period}`);
    if (route.method === 'PUT') {
      if (!Number.isInteger(b.version) || b.version < 1) v.push(`version ${b.version}`);
      if (r.headers.etag !== `"${b.version}"`) v.push(`etag ${r.headers.etag} for version ${b.version}`);
      if (r.status === 201)
        accepted = { unit, period, province: ctx.registry.provinceOf(unit) ?? '?', version: b.version, receivedAt: b.receivedAt };
      else if (r.status !== 200) v.push(`PUT answered ${r.status}`);
    }
    if (route.method === 'PUT' || route.path.endsWith('/validate')) {
      // What was accepted must also render: XML 1.0 has no place for U+FFFE, U+FFFF, C0 controls.
      const bad = xmlInvalidText(req.body);
      if (bad !== undefined) v.push(`accepted text that cannot go into the .docx (XML 1.0): ${JSON.stringify(bad.slice(0, 40))}`);
    }
  }
  if (ok2xx && route.fn === 'provinces' && route.method === 'POST') ctx.rollupsRan = true;

  // Storage: a refusal writes nothing; a new version writes only its own keys.
  const allowedKeys = accepted ? allowedWrites(accepted) : undefined;
  // A new version also spends its author's write quota: one QUOTA# item, in the same transaction.
  const quotaWrites = writes.filter((w) => /^QUOTA#[0-9a-f]{32}\|W$/.test(w));
  if (accepted && quotaWrites.length > 1) v.push(`201 spent ${quotaWrites.length} quota items`);
  for (const w of writes) {
    if (allowedKeys && (allowedKeys.items.has(w) || (w.startsWith('s3:') && allowedKeys.objects.has(w.slice(3))))) continue;
    if (accepted && quotaWrites.includes(w)) continue;
    if (ok2xx && route.fn === 'provinces' && route.method === 'POST') continue;
    v.push(`${r.status} ${route.method} wrote ${w}`);
  }
  if (accepted && !writes.length) v.push('201 without any write');
  return { violations: v, ...(accepted ? { accepted } : {}) };
}

function describe(req: RawRequest, r?: Resp): string {
  const body = req.body ? req.body.toString('utf8') : '';
  const who = req.claims ? `claims ${JSON.stringify(req.claims)}` : req.token ? `token ${JSON.stringify(req.token)}` : `role ${req.role}`;
  return [
    `${req.method} ${req.route ? pathOf(req.route, req.params ?? {}).slice(0, 300) : req.path}${req.query ? `?${req.query.slice(0, 100)}` : ''} (${who})`,
    `headers ${JSON.stringify(req.headers ?? {}).slice(0, 300)}`,
    `body (${req.body?.length ?? 0} bytes) ${JSON.stringify(body.slice(0, 400))}`,
    r ? `→ ${r.status} ${r.text.slice(0, 400)}` : '',
  ].join('\n  ');
}

export type Layer = 'handler' | 'http';

/** Sends one request and checks it; throws with a readable account on any violation. */
export async function exchange(ctx: FuzzContext, layer: Layer, req: RawRequest): Promise<Resp> {
  const { result: r, writes } = await ctx.h.recordWrites(() => (layer === 'http' ? ctx.h.http(req) : ctx.h.invoke(req)));
  const { violations, accepted } = checkResponse(ctx, req, r, writes);
  if (accepted) ctx.accepted.push(accepted);
  if (violations.length) throw new Error(`${violations.join('; ')}\n  ${describe(req, r)}`);
  return r;
}

async function afterCase(ctx: FuzzContext): Promise<void> {
  ctx.cases++;
  if (ctx.storageEvery > 0 && ctx.cases % ctx.storageEvery === 0) await checkStorage(ctx);
}

/** Header values fetch can send (HTTP layer). */
function httpSafe(req: RawRequest): RawRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = v.replace(/[^\t\x20-\x7e]/g, '?').trim();
  return { ...req, headers };
}

export async function runCase(ctx: FuzzContext, layer: Layer, c: Case): Promise<void> {
  const req = await toRequest(ctx, c);
  await exchange(ctx, layer, layer === 'http' ? httpSafe(req) : req);
  await afterCase(ctx);
}

// ---------------------------------------------------------------- properties

export interface PropertyDef<T> {
  name: string;
  /** What it checks, for the long run's table. */
  what: string;
  arbitrary: fc.Arbitrary<T>;
  run(ctx: FuzzContext, input: T): Promise<void>;
  /** Cases that may run at once in the long run (distinct reports, so no If-Match races). */
  concurrency?: number;
  /**
   * Long run: cases between full table+bucket comparisons (default: the context's).
   * A property that stores a version per case grows the table, and each scan with it.
   */
  storageEvery?: number;
}

const validRole = fc.constantFrom(...ROLE_NAMES.filter((r) => ROLE_PRINCIPAL[r]));
const anyRole = fc.constantFrom(...ROLE_NAMES);

/** 1. Arbitrary JSON text (and non-JSON) as a report body, with arbitrary headers. */
export const arbitraryJson: PropertyDef<Case> = {
  name: 'arbitrary JSON body',
  what: 'random JSON text, deep nesting, huge arrays, long strings, edge numbers, proto keys, duplicate keys, invalid UTF-8',
  arbitrary: fc
    .record({
      route: fc.constantFrom(PUT, PUT, VALIDATE),
      body: hostileBody,
      headers: headerSet,
      ifMatch: ifMatchSpec,
      role: fc.oneof({ weight: 8, arbitrary: fc.constant<RoleName>('reporter870') }, { weight: 2, arbitrary: validRole }),
    })
    .map(({ route: r, body, headers, ifMatch, role }) => ({
      label: body.label,
      route: r,
      params: { unit: '870', period: '2021-Q1' },
      headers,
      ifMatch,
      body: body.bytes,
      who: { role },
    })),
  run: (ctx, c) => runCase(ctx, 'handler', c),
};

/** The valid example, mutated: a leaf replaced, keys inserted or deleted, arrays grown, text renormalised. */
export const mutationCase = fc
  .record({
    route: fc.constantFrom(PUT, PUT, VALIDATE),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
    edits: fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: byteEdits }),
    json: fc.boolean(),
    acceptLanguage: fc.constantFrom(undefined, 'en', 'vi'),
    ifMatch: fc.oneof(
      { weight: 4, arbitrary: fc.constant<IfMatchSpec>({ none: true }) },
      { weight: 2, arbitrary: fc.constant<IfMatchSpec>({ current: 0 }) },
      { weight: 2, arbitrary: ifMatchSpec },
    ),
    headers: headerSet,
  })
  .map(({ route: r, mutations, edits, json, acceptLanguage, ifMatch, headers }): Case => {
    const body = applyByteEdits(Buffer.from(toJsonText(applyMutations(example(), mutations))), edits);
    return {
      label: mutations.map((m) => m.op).join('+'),
      route: r,
      params: { unit: '870', period: '2021-Q2' },
      headers: json ? { contentType: 'application/json', ...(acceptLanguage ? { acceptLanguage } : {}) } : headers,
      ifMatch,
      body,
      who: { role: 'reporter870' },
    };
  });

export const mutatedExample: PropertyDef<Case> = {
  name: 'mutated example',
  what: 'the valid report with 1-4 mutations (leaf replaced, keys added/deleted/duplicated, arrays grown, renormalised)',
  arbitrary: mutationCase,
  run: (ctx, c) => runCase(ctx, 'handler', c),
};

/** Any route, any path segments, query, headers and caller (valid roles and odd claims). */
export const pathCase = (who: fc.Arbitrary<Who>) =>
  fc
    .record({
      route: fc.constantFrom(...ROUTES),
      unit: unitSegment,
      period: periodSegment,
      province: provinceSegment,
      query,
      headers: headerSet,
      ifMatch: ifMatchSpec,
      body: fc.oneof(
        { weight: 4, arbitrary: fc.constant<'example'>('example') },
        { weight: 1, arbitrary: hostileBody.map((b) => b.bytes) },
      ),
      who,
    })
    .map(({ route: r, unit, period, province, query: q, headers, ifMatch, body, who: w }): Case => {
      const params: Record<string, string> = {};
      if (r.path.includes('{unit}')) params.unit = unit;
      if (r.path.includes('{period}')) params.period = period;
      if (r.path.includes('{province}')) params.province = province;
      // Form ids get the unit segment's hostile strings (and a real one now and then).
      if (r.path.includes('{id}')) params.id = unit.length % 3 === 0 ? 'dong-thap-2021' : unit;
      return {
        label: `${r.method} ${r.path}`,
        route: r,
        params,
        query: q,
        headers,
        ifMatch,
        ...(r.method === 'GET' ? {} : { body }),
        who: w,
      };
    });

export const pathsAndCallers: PropertyDef<Case> = {
  name: 'paths, headers and callers',
  what: 'every route; unit/period/province forms (encoded slashes, very long, proto names); queries; roles and odd claims',
  arbitrary: pathCase(
    fc.oneof(
      { weight: 4, arbitrary: validRole.map((role): Who => ({ role })) },
      { weight: 1, arbitrary: fuzzedClaims.map((claims): Who => ({ claims })) },
    ),
  ),
  run: (ctx, c) => runCase(ctx, 'handler', c),
};

/** The same cases through the real local HTTP server, with real (and bad) tokens and wrong methods. */
export const overHttp: PropertyDef<Case> = {
  name: 'through the local HTTP server',
  what: 'the three generators above over fetch: real tokens (none, expired, forged, wrong audience/issuer, odd claims), wrong methods',
  arbitrary: fc
    .tuple(
      fc.oneof(
        arbitraryJson.arbitrary,
        mutationCase,
        pathCase(
          fc.oneof(
            { weight: 4, arbitrary: anyRole.map((role): Who => ({ role })) },
            {
              weight: 1,
              arbitrary: fc
                .record({
                  role: fc.constantFrom('reporter', 'province', 'admin', 'superuser', 'Reporter', ''),
                  unit: fc.constantFrom('870', '871', '87', '82', ' 870', '0870', 'abc', ''),
                })
                .map((token): Who => ({ token })),
            },
          ),
        ),
      ),
      fc.option(fc.constantFrom('DELETE', 'PATCH', 'OPTIONS', 'POST', 'PUT', 'GET'), { freq: 8 }),
      anyRole,
    )
    .map(([c, method, role]) => ({
      ...c,
      ...(method ? { method } : {}),
      // Generators 1 and 2 always call as the reporter: vary the token here.
      who: 'role' in c.who && c.who.role === 'reporter870' && role !== 'reporter870' && method === null ? { role } : c.who,
    })),
  run: (ctx, c) => runCase(ctx, 'http', c),
};

// ---------------------------------------------------------------- NFC / NFD

const COMBINING_CLASS: Record<string, number> = {
  '\u0300': 230,
  '\u0301': 230,
  '\u0302': 230,
  '\u0303': 230,
  '\u0306': 230,
  '\u0309': 230,
  '\u031b': 216,
  '\u0323': 220,
};

/** NFD with each pair of marks of different classes swapped: canonically the same text. */
export function reorderedMarks(s: string): string {
  const cs = [...s.normalize('NFD')];
  for (let i = 0; i + 1 < cs.length; i++) {
    const a = COMBINING_CLASS[cs[i]!];
    const b = COMBINING_CLASS[cs[i + 1]!];
    if (a && b && a !== b) {
      [cs[i], cs[i + 1]] = [cs[i + 1]!, cs[i]!];
      i++;
    }
  }
  return cs.join('');
}

export type Form = 'NFC' | 'NFD' | 'mixed' | 'reordered' | 'padded';
export const FORMS: readonly Form[] = ['NFC', 'NFD', 'mixed', 'reordered', 'padded'];

export function inForm(s: string, form: Form, bits: readonly boolean[]): string {
  switch (form) {
    case 'NFC':
      return s.normalize('NFC');
    case 'NFD':
      return s.normalize('NFD');
    case 'mixed':
      return [...s.normalize('NFC')].map((ch, i) => (bits[i % Math.max(1, bits.length)] ? ch.normalize('NFD') : ch)).join('');
    case 'reordered':
      return reorderedMarks(s);
    case 'padded':
      return ` \u00a0${s.normalize('NFD')}\u3000\t`;
  }
}

function setAt(root: any, p: Path, v: unknown): void {
  let o = root;
  for (const k of p.slice(0, -1)) o = o[k];
  o[p[p.length - 1]!] = v;
}

export interface NfcCase {
  slot: number;
  texts: string[];
  paths: Path[];
  forms: [Form, Form];
  bits: boolean[];
}

/** Reports used by the NFC property: every district but the seeded ones, 2022-2024 periods. */
export const NFC_SLOTS: readonly { unit: string; period: string }[] = [
  '866',
  '867',
  '868',
  '869',
  '872',
  '873',
  '874',
  '875',
  '876',
  '877',
].flatMap((unit) => ['2022-Q1', '2022-Q3', '2022-Y', '2023-H1', '2023-Q4', '2024-Q2'].map((period) => ({ unit, period })));

const slotLocks = new Map<number, Promise<void>>();
async function withSlot<T>(slot: number, fn: () => Promise<T>): Promise<T> {
  const prev = slotLocks.get(slot) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  slotLocks.set(
    slot,
    prev.then(() => mine),
  );
  await prev;
  try {
    return await fn();
  } finally {
    release();
  }
}

export const nfcNfd: PropertyDef<NfcCase> = {
  name: 'NFC and NFD stored as one',
  what: 'Vietnamese text put in 1-4 text fields in one form (201/200), then in another: 200, same version, nothing written; GET gives NFC',
  concurrency: 4,
  storageEvery: 1000,
  arbitrary: fc
    .record({
      slot: fc.nat(NFC_SLOTS.length - 1),
      n: fc.integer({ min: 1, max: 4 }),
      texts: fc.array(vietnameseText, { minLength: 4, maxLength: 4 }),
      paths: fc.shuffledSubarray(TEXT_PATHS, { minLength: 4, maxLength: 4 }),
      forms: fc.tuple(fc.constantFrom(...FORMS), fc.constantFrom(...FORMS)).filter(([a, b]) => a !== b),
      bits: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
    })
    .map(({ slot, n, texts, paths, forms, bits }) => ({ slot, texts: texts.slice(0, n), paths: paths.slice(0, n), forms, bits })),
  run: async (ctx, c) => {
    const { unit, period } = NFC_SLOTS[c.slot]!;
    const bodyIn = (form: Form) => {
      const b = example();
      // Dated in the slot's period (a report is written near its period's end).
      const p = parsePeriod(period)!;
      b.header.date = { year: p.year, month: p.lastMonth, day: null };
      c.paths.forEach((p, i) => setAt(b, p, inForm(c.texts[i]!, form, c.bits)));
      return Buffer.from(JSON.stringify(b));
    };
    const role: RoleName = 'none';
    const claims = ctx.h.claims.reporter870!;
    // A reporter of the slot's unit, with the claims shape the authorizer passes.
    const slotClaims = { ...claims, 'custom:unit': unit, sub: `nfc-${unit}` };
    await withSlot(c.slot, async () => {
      const base: RawRequest = { method: 'PUT', route: PUT, params: { unit, period }, role, claims: slotClaims };
      const current = await currentVersion(ctx, unit, period);
      const first = await exchange(ctx, 'handler', {
        ...base,
        headers: { 'content-type': 'application/json', ...(current ? { 'if-match': `"${current}"` } : {}) },
        body: bodyIn(c.forms[0]),
      });
      if (first.status !== 201 && first.status !== 200)
        throw new Error(`first form ${c.forms[0]}: ${first.status} ${first.text.slice(0, 300)}`);
      // exchange() also proves that this 200 wrote nothing.
      const again = await exchange(ctx, 'handler', { ...base, headers: { 'content-type': 'application/json' }, body: bodyIn(c.forms[1]) });
      if (again.status !== 200 || again.body.version !== first.body.version || again.headers.etag !== first.headers.etag)
        throw new Error(
          `${c.forms[1]} after ${c.forms[0]} of ${JSON.stringify(c.texts)} at ${c.paths.map((p) => p.join('.')).join(', ')}: ` +
            `${again.status} version ${again.body?.version} (first ${first.body.version}): ${again.text.slice(0, 300)}`,
        );
      // Stored once, as NFC and trimmed.
      const g = await exchange(ctx, 'handler', { method: 'GET', route: GET_REPORT, params: { unit, period }, role, claims: slotClaims });
      c.paths.forEach((p, i) => {
        let v: any = g.body.content;
        for (const k of p) v = v?.[k];
        const want = c.texts[i]!.normalize('NFC').trim();
        if (v !== want) throw new Error(`stored ${JSON.stringify(v)} at ${p.join('.')}, want NFC ${JSON.stringify(want)}`);
      });
    });
    await afterCase(ctx);
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
export const PROPERTIES: readonly PropertyDef<any>[] = [arbitraryJson, mutatedExample, pathsAndCallers, nfcNfd, overHttp];

// ---------------------------------------------------------------- runners

export interface RunStats {
  name: string;
  cases: number;
  failures: number;
  ms: number;
  examples: string[];
  /** Failures by kind (first line, digits masked). */
  kinds: Record<string, number>;
}

/** For vitest: fast-check with a fixed seed, shrinking on failure. */
export async function assertProperty<T>(ctx: FuzzContext, p: PropertyDef<T>, o: { numRuns: number; seed: number }): Promise<void> {
  await fc.assert(
    fc.asyncProperty(p.arbitrary, async (input) => p.run(ctx, input)),
    { numRuns: o.numRuns, seed: o.seed, endOnFailure: false },
  );
  await checkStorage(ctx);
}

/**
 * For the long run: every case runs (no stop at the first failure); failures are
 * counted and the first few kept. Storage is compared between batches.
 */
export async function countProperty<T>(
  ctx: FuzzContext,
  p: PropertyDef<T>,
  o: { numRuns: number; seed: number; batch?: number; onProgress?: (done: number, failures: number) => void },
): Promise<RunStats> {
  const t0 = performance.now();
  const stats: RunStats = { name: p.name, cases: 0, failures: 0, ms: 0, examples: [], kinds: {} };
  const batch = o.batch ?? 100;
  const fail = (e: unknown) => {
    stats.failures++;
    const kind = String((e as Error).message ?? e)
      .split('\n')[0]!
      .replace(/\d+/g, 'N')
      .slice(0, 160);
    stats.kinds[kind] = (stats.kinds[kind] ?? 0) + 1;
    if (stats.examples.length < 5) stats.examples.push((e as Error).message?.slice(0, 1500) ?? String(e));
  };
  const concurrency = p.concurrency ?? 1;
  const storageEvery = ctx.storageEvery;
  const every = p.storageEvery ?? storageEvery;
  // Concurrent cases: compared between batches instead, when nothing is in flight.
  ctx.storageEvery = concurrency > 1 ? 0 : every;
  try {
    for (let b = 0; stats.cases < o.numRuns; b++) {
      const n = Math.min(batch, o.numRuns - stats.cases);
      let inputs: T[];
      try {
        inputs = fc.sample(p.arbitrary, { numRuns: n, seed: o.seed + b });
      } catch (e) {
        fail(new Error(`generator failed (batch ${b}): ${(e as Error).message}`));
        stats.cases += n;
        continue;
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < inputs.length) {
            const input = inputs[next++]!;
            try {
              await p.run(ctx, input);
            } catch (e) {
              fail(e);
            }
            stats.cases++;
          }
        }),
      );
      if (concurrency > 1 && Math.floor(stats.cases / every) > Math.floor((stats.cases - n) / every)) await checkStorage(ctx).catch(fail);
      o.onProgress?.(stats.cases, stats.failures);
    }
    await checkStorage(ctx).catch(fail);
  } finally {
    ctx.storageEvery = storageEvery;
  }
  stats.ms = performance.now() - t0;
  return stats;
}

export { clean };

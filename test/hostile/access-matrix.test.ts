/**
 * Who may do what (docs/architecture.md, "Access"), as a table: every route of functions/routes.ts ×
 * every kind of caller, through the real local HTTP server (tokens verified like the
 * JWT authorizer), real DynamoDB Local and s3rver. For each cell: the expected status;
 * a 4xx with a code and a message; no other unit's (or other province's) data in the
 * body; and storage unchanged unless the cell is an allowed write.
 *
 * Reports for 870, 871 (both province 87) and 815 (province 82 as it was in 2021)
 * are seeded with a marker `MARK-<unit>` in their text; the unit routes run once for
 * 870 and once, mirrored, for 871.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route } from '../../functions/routes.ts';
import { marker, MARKER } from './arbitraries.ts';
import { OTHER_PROVINCE_UNIT, startHostile, unexplainedChanges, type Accepted, type Hostile, type RoleName } from './harness.ts';
import { markedExample, putMarkedExample, reporterOf, SEED_PERIOD } from './properties.ts';

const REL_ROLES = [
  ['none', 'no token'],
  ['expired', 'expired token'],
  ['forged', 'token signed by another key'],
  ['wrongAudience', 'token for another audience'],
  ['wrongIssuer', 'token from another issuer'],
  ['self', 'reporter of this unit'],
  ['sibling', 'reporter of another unit of the province'],
  ['foreign', "reporter of another province's unit (815)"],
  ['province', 'province staff of this province (87)'],
  ['provinceOther', 'province staff of another province (82)'],
  ['admin', 'admin of this province (87)'],
] as const;
type Rel = (typeof REL_ROLES)[number][0];

function actualRole(rel: Rel, target: string): RoleName {
  switch (rel) {
    case 'self':
      return target === '870' ? 'reporter870' : 'reporter871';
    case 'sibling':
      return target === '870' ? 'reporter871' : 'reporter870';
    case 'foreign':
      return 'reporterOtherProvince';
    case 'province':
      return 'province87';
    case 'provinceOther':
      return 'provinceOther';
    case 'admin':
      return 'admin87';
    default:
      return rel;
  }
}

/** An expected answer: a status, or any of several (with the error code where one is fixed). */
interface Expect {
  statuses: number[];
  code?: string;
  /** The exact body, for the answers API Gateway gives itself (its JWT authorizer's 401). */
  gateway?: { message: string };
  note?: string;
}
const is = (...statuses: number[]): Expect => ({ statuses });

const INVALID_TOKEN: readonly Rel[] = ['none', 'expired', 'forged', 'wrongAudience', 'wrongIssuer'];

/** The matrix itself. */
function expected(route: Route, rel: Rel): Expect {
  if (!route.auth) return is(200);
  if (INVALID_TOKEN.includes(rel)) return { statuses: [401], gateway: { message: 'Unauthorized' } };
  const forbidden: Expect = { statuses: [403], code: 'FORBIDDEN' };
  const key = `${route.method} ${route.path}`;
  switch (key) {
    case 'PUT /v1/units/{unit}/reports/{period}':
      // Only the unit's own reporter writes (not province staff, not admin).
      return rel === 'self' ? is(201) : forbidden;
    case 'POST /v1/units/{unit}/reports/{period}/validate':
      return rel === 'self' ? is(200) : forbidden;
    case 'GET /v1/units/{unit}/reports/{period}':
    case 'GET /v1/units/{unit}/reports/{period}/versions':
    case 'GET /v1/units/{unit}/reports/{period}/document':
    case 'GET /v1/units/{unit}/reports/{period}/form':
      return rel === 'self' || rel === 'province' || rel === 'admin' ? is(200) : forbidden;
    case 'POST /v1/units/{unit}/reports/{period}/review':
    case 'POST /v1/units/{unit}/reports/{period}/reopen':
      // A reporter never reviews, not even its own unit's report. The province row accepts
      // (then reopens); the admin row right after finds the decision already taken.
      if (rel === 'province') return is(200);
      if (rel === 'admin')
        return {
          statuses: [409],
          code: key.endsWith('/review') ? 'ALREADY_ACCEPTED' : 'NOT_ACCEPTED',
          note: 'already decided by the province row',
        };
      return rel === 'provinceOther' ? forbidden : { statuses: [403], code: 'REVIEWER_ONLY' };
    case 'GET /v1/admin/health':
      // The deep check writes (the HEALTH item, health/{pid}): administrators only.
      return rel === 'admin' ? is(200) : forbidden;
    case 'GET /v1/forms':
    case 'GET /v1/forms/{id}':
      // Forms are public knowledge to anyone signed in (the editor of any unit needs them).
      return is(200);
    case 'GET /v1/units':
    case 'GET /v1/units/{unit}':
      // The registry: unit codes and names are public administrative data, any signed-in caller.
      return is(200);
    case 'GET /v1/provinces/{province}/periods/{period}/status':
      return rel === 'province' || rel === 'admin' ? is(200) : forbidden;
    case 'POST /v1/provinces/{province}/rollups/{period}':
      // The API promises "run the rollup now" without a status: 200 (ran), 201 or 202 (accepted).
      return rel === 'province' || rel === 'admin' ? { statuses: [200, 201, 202], note: 'ran or accepted' } : forbidden;
    case 'GET /v1/provinces/{province}/rollups/{period}':
      // The POST row runs first; should that run be asynchronous, 404 ROLLUP_NOT_FOUND is the honest answer.
      return rel === 'province' || rel === 'admin'
        ? { statuses: [200, 404], note: '200, or 404 ROLLUP_NOT_FOUND before any run' }
        : forbidden;
    default:
      throw new Error(`the matrix has no row for ${key}: add one`);
  }
}

interface Cell {
  route: Route;
  target: string;
  rel: Rel;
  label: string;
  expect: Expect;
}

const unitRoutes = ROUTES.filter((r) => r.path.includes('{unit}'));
const CELLS: Cell[] = [];
for (const target of ['870', '871']) {
  for (const route of target === '870' ? ROUTES : unitRoutes) {
    for (const [rel, label] of REL_ROLES) {
      CELLS.push({ route, target, rel, label, expect: expected(route, rel) });
    }
  }
}

let h: Hostile;

beforeAll(async () => {
  h = await startHostile(); // documents built from the table's stream: the document route answers 200 once they are ready
  for (const unit of ['870', '871', OTHER_PROVINCE_UNIT]) {
    const r = await putMarkedExample(h, unit);
    expect(r.status, r.text).toBe(201);
    expect(r.body.document.state).toBe('pending');
  }
  await h.app.settle();
  for (const unit of ['870', '871', OTHER_PROVINCE_UNIT]) {
    const r = await h.http({ method: 'GET', path: `/v1/units/${unit}/reports/${SEED_PERIOD}`, role: reporterOf(unit) });
    expect(r.body.document.state, r.text).toBe('ready');
  }
});
afterAll(async () => h?.close());

function pathFor(route: Route, target: string): string {
  if (route.path === '/v1/units') return '/v1/units?province=87&on=2021-06-14';
  return route.path
    .replace('{unit}', target)
    .replace('{province}', '87')
    .replace('{period}', SEED_PERIOD)
    .replace('{id}', 'dong-thap-2021');
}

async function currentVersion(target: string): Promise<number> {
  const r = await h.http({ method: 'GET', path: `/v1/units/${target}/reports/${SEED_PERIOD}`, role: 'province87' });
  return r.body.version;
}

describe(`access matrix: ${ROUTES.length} routes × ${REL_ROLES.length} callers, plus the ${unitRoutes.length} unit routes mirrored for 871 (${CELLS.length} cells)`, () => {
  it.for(
    CELLS.map((c) => ({ ...c, name: `${c.route.method} ${pathFor(c.route, c.target)} as ${c.label} → ${c.expect.statuses.join('|')}` })),
  )('$name', async (cell) => {
    const { route, target } = cell;
    const role = actualRole(cell.rel, target);
    const headers: Record<string, string> = {};
    let body: Buffer | undefined;
    if (route.method === 'PUT' || route.path.endsWith('/validate')) {
      // A real amendment, so an allowed PUT is a 201 and a refused one would have changed something.
      const b = markedExample(target);
      b.values.INSPECTED_UNITS.value = 10 + CELLS.indexOf(cell);
      body = Buffer.from(JSON.stringify(b));
      headers['content-type'] = 'application/json';
      headers['if-match'] = `"${await currentVersion(target)}"`;
    } else if (route.path.endsWith('/review') || route.path.endsWith('/reopen')) {
      const b = route.path.endsWith('/review') ? { decision: 'accept' } : { reason: 'Kiểm tra quyền' };
      body = Buffer.from(JSON.stringify(b));
      headers['content-type'] = 'application/json';
      headers['if-match'] = `"${await currentVersion(target)}"`;
    }
    // Documents of earlier cells' amendments are built first: only this request's writes may show, and the document route answers 200.
    await h.app.settle();
    const before = await h.snapshot();
    const r = await h.http({ method: route.method, path: pathFor(route, target), role, headers, ...(body ? { body } : {}) });
    const after = await h.snapshot();

    expect(cell.expect.statuses, `${r.status} ${r.text.slice(0, 300)}`).toContain(r.status);
    if (cell.expect.code) expect(r.body?.error?.code).toBe(cell.expect.code);
    if (cell.expect.gateway) expect(r.body).toEqual(cell.expect.gateway);
    if (r.status === 404 && route.fn === 'provinces') expect(r.body?.error?.code).toBe('ROLLUP_NOT_FOUND');
    if (r.status >= 400 && !cell.expect.gateway) {
      expect(r.body.error.code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(r.body.error.message).toMatch(/\S/);
      expect(r.body.error.message).not.toBe(r.body.error.code);
      expect(r.body.error.requestId).toBeTruthy();
    }

    // No other unit's data: only this unit's marker; and nothing of province 82 in province 87's answers.
    const markers = [...r.text.matchAll(MARKER)].map((m) => m[0]);
    if (route.fn === 'reports') expect(markers.filter((m) => m !== marker(target))).toEqual([]);
    else expect(markers.filter((m) => m === marker(OTHER_PROVINCE_UNIT))).toEqual([]);
    if (route.fn === 'provinces') expect(r.text).not.toMatch(new RegExp(`"${OTHER_PROVINCE_UNIT}"|${OTHER_PROVINCE_UNIT}/`));
    if (r.status === 200 && route.fn === 'reports' && route.method === 'GET' && route.path.includes('{unit}')) {
      expect(r.body.unit).toBe(target);
      if (route.path.endsWith('{period}')) expect(r.body.content.closing).toContain(marker(target));
    }

    // Storage: unchanged, except by an allowed write.
    const accepted: Accepted[] =
      r.status === 201
        ? [{ unit: target, period: SEED_PERIOD, province: '87', version: r.body.version, receivedAt: r.body.receivedAt }]
        : [];
    const rollupsRan = route.fn === 'provinces' && route.method === 'POST' && r.status < 300;
    const reviewed =
      r.status === 200 && r.body.action
        ? [{ unit: target, period: SEED_PERIOD, province: '87', seq: r.body.action.seq, at: r.body.action.at }]
        : [];
    expect(unexplainedChanges(before, after, accepted, { rollupsRan, reviewed })).toEqual([]);
    if (r.status >= 300 || (route.method === 'GET' && route.fn === 'reports') || route.path.endsWith('/validate')) {
      expect([...after.items]).toEqual([...before.items]);
      expect([...after.objects]).toEqual([...before.objects]);
    }
  });
});

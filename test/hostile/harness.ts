/**
 * The hostile-input harness: a test app (real handlers, DynamoDB Local, s3rver) whose
 * registry has a second province, callers for every role, and two ways in:
 *
 *  - `invoke`: the Lambda handler called directly with an API Gateway HTTP API
 *    payload-2.0 event built by the local server's own `toEvent`, claims placed where
 *    the JWT authorizer puts them (fast: thousands of cases a minute);
 *  - `http`: the same request through the real local HTTP server with fetch (tokens
 *    verified like the JWT authorizer).
 *
 * Plus the storage snapshot/diff used to prove that refused requests change nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { documentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoFormStore, DynamoRegistryStore } from '../../shared/adapters/dynamo.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import type { FormDef } from '../../shared/forms/model.ts';
import type { RegistryData } from '../../shared/registry/registry.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { handler as reports } from '../../functions/reports/index.ts';
import { handler as provinces } from '../../functions/provinces/index.ts';
import { handler as publicRoutes } from '../../functions/public/index.ts';
import type { ApiEvent, ApiResult } from '../../functions/lib/http.ts';
import { routeKey, type FunctionName, type Route } from '../../functions/routes.ts';
import { toEvent } from '../../scripts/local/server.ts';
import { newKeyPair, signToken, verifyToApiGatewayClaims } from '../../scripts/local/keys.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';
import { watchS3Fetch } from '../support/s3-fetch.ts';

export { example };

/** The other province: 82, as it was before 2025 (Tiền Giang), with its district 815 Thành phố Mỹ Tho. */
export const OTHER_PROVINCE = '82';
export const OTHER_PROVINCE_UNIT = '815';

export const ROLE_NAMES = [
  'none',
  'expired',
  'forged',
  'wrongAudience',
  'wrongIssuer',
  'reporter870',
  'reporter871',
  'reporterOtherProvince',
  'province87',
  'provinceOther',
  'admin87',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** The principal each valid role stands for (what the token says). */
export const ROLE_PRINCIPAL: Partial<Record<RoleName, { role: string; unit: string }>> = {
  reporter870: { role: 'reporter', unit: '870' },
  reporter871: { role: 'reporter', unit: '871' },
  reporterOtherProvince: { role: 'reporter', unit: OTHER_PROVINCE_UNIT },
  province87: { role: 'province', unit: '87' },
  provinceOther: { role: 'province', unit: OTHER_PROVINCE },
  admin87: { role: 'admin', unit: '87' },
};

export const HANDLERS: Record<FunctionName, (e: ApiEvent) => Promise<ApiResult>> = { reports, provinces, public: publicRoutes };

export interface RawRequest {
  method: string;
  /** The route (handler layer); for the HTTP layer the path alone decides. */
  route?: Route;
  /** Raw (still percent-encoded) path parameters, as API Gateway passes them. */
  params?: Record<string, string>;
  /** The raw path (HTTP layer) when not built from route + params. */
  path?: string;
  /** Raw query string without '?'. */
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  role: RoleName;
  /** Handler layer only: claims exactly as given (overrides role), for claim fuzzing. */
  claims?: Record<string, string>;
  /** HTTP layer only: a token signed by the app's key with these (possibly odd) claims. */
  token?: { role: string; unit: string; sub?: string };
}

export interface Resp {
  status: number;
  headers: Record<string, string>;
  text: string;
  body: any;
}

/** A storage snapshot: table items by key, object keys. */
export interface Snapshot {
  /** Item key → hash of its content. */
  items: Map<string, string>;
  /** Object key → its ETag, size and last-modified time (an overwrite changes it). */
  objects: Map<string, string>;
}

export interface Accepted {
  unit: string;
  period: string;
  province: string;
  version: number;
  /** The 201 body's receipt time: keys the arrival item kept for the province's digest. */
  receivedAt: string;
}

export interface Hostile {
  app: TestApp;
  tokens: Record<RoleName, string | undefined>;
  claims: Record<RoleName, Record<string, string> | undefined>;
  invoke(r: RawRequest): Promise<Resp>;
  http(r: RawRequest): Promise<Resp>;
  snapshot(): Promise<Snapshot>;
  /** Successful storage writes made while fn ran (keys; health probes excluded). */
  recordWrites<T>(fn: () => Promise<T>): Promise<{ result: T; writes: string[] }>;
  close(): Promise<void>;
}

export const pathOf = (route: Route, params: Record<string, string>) => route.path.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

/**
 * The registry shipped with the repo, with 82 configured to report by districts (its
 * 2021 districts are Tiền Giang's, 815 among them) and its staff (a token for 82 names
 * today's Đồng Tháp) opened to that history, so that 82 stands for one other province.
 */
export function registryWithOtherProvince(): RegistryData {
  const data = structuredClone(bundledRegistry().data);
  data.version = `${data.version}+hostile`;
  data.provinces = data.provinces.filter((p) => p.code !== OTHER_PROVINCE);
  data.provinces.push({
    code: OTHER_PROVINCE,
    reportingRules: [{ kinds: ['district'], from: '2000-01-01', to: null }],
    deadline: { workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] },
    readsHistoryOf: [OTHER_PROVINCE],
  });
  return data;
}

/** The other province's district form: the seed's form under another id, for province 82 (added as an administrator would). */
export const OTHER_PROVINCE_FORM = { id: 'test-other-province', version: 1 } as const;
export function otherProvinceForm(): FormDef {
  const f = structuredClone(bundledForms().find((x) => x.id === 'dong-thap-2021')!);
  return { ...f, ...OTHER_PROVINCE_FORM, appliesTo: { ...f.appliesTo, provinces: [OTHER_PROVINCE] } };
}

function lowerHeaders(h: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const lk = k.toLowerCase();
    // Repeated headers reach Lambda joined with commas, as the local server does.
    out[lk] = lk in out ? `${out[lk]},${v}` : v;
  }
  return out;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `documents: false`: no stream reader, so the only writes are the requests' own (the fuzz checks them one by one). */
export async function startHostile(o: { documents?: boolean } = {}): Promise<Hostile> {
  const app = await startTestApp(o.documents === false ? { streams: false } : {});
  await new DynamoRegistryStore(documentClient(), app.table).save(registryWithOtherProvince());
  await new DynamoFormStore(documentClient(), app.table).put(otherProvinceForm());
  resetContexts(); // the registry is cached a minute per process

  const now = Math.floor(Date.now() / 1000);
  const tokens: Record<RoleName, string | undefined> = {
    none: undefined,
    expired: await app.token('reporter', '870', { expiresIn: now - 60 }),
    forged: await signToken(await newKeyPair(), { role: 'reporter', unit: '870' }),
    wrongAudience: await app.token('reporter', '870', { audience: 'someone-else' }),
    wrongIssuer: await app.token('reporter', '870', { issuer: 'https://evil.example' }),
    reporter870: undefined,
    reporter871: undefined,
    reporterOtherProvince: undefined,
    province87: undefined,
    provinceOther: undefined,
    admin87: undefined,
  };
  const claims = {} as Record<RoleName, Record<string, string> | undefined>;
  for (const name of ROLE_NAMES) {
    const p = ROLE_PRINCIPAL[name];
    if (p) tokens[name] = await app.token(p.role, p.unit);
    // What the authorizer would hand the Lambda: verified claims, or nothing at all.
    claims[name] = tokens[name] ? await verifyToApiGatewayClaims(app.key, tokens[name]!) : undefined;
  }
  if (!claims.reporter870 || claims.expired || claims.forged || claims.wrongAudience || claims.wrongIssuer)
    throw new Error('harness: token set-up is wrong');
  const recorder = installWriteRecorder();

  async function invoke(r: RawRequest): Promise<Resp> {
    const route = r.route;
    if (!route) throw new Error('invoke needs a route');
    const params = r.params ?? {};
    const path = pathOf(route, params);
    const c = r.claims ?? claims[r.role];
    // API Gateway never calls the Lambda of an authorised route without valid claims.
    if (route.auth && !c) {
      return {
        status: 401,
        headers: { 'content-type': 'application/json' },
        text: '{"message":"Unauthorized"}',
        body: { message: 'Unauthorized' },
      };
    }
    const req = {
      method: r.method,
      url: `${path}${r.query ? `?${r.query}` : ''}`,
      headers: lowerHeaders(r.headers),
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const event = toEvent(req, r.body ?? Buffer.alloc(0), routeKey(route), params, route.auth ? c : undefined, randomUUID());
    const res = await HANDLERS[route.fn](event);
    const text = res.isBase64Encoded ? Buffer.from(res.body ?? '', 'base64').toString('utf8') : (res.body ?? '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
    return { status: res.statusCode ?? 200, headers, text, body: parseBody(text) };
  }

  async function http(r: RawRequest): Promise<Resp> {
    const path = r.path ?? (r.route ? pathOf(r.route, r.params ?? {}) : '/');
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    const t = r.token ? await app.token(r.token.role, r.token.unit, r.token.sub ? { sub: r.token.sub } : {}) : tokens[r.role];
    if (t) headers.authorization = `Bearer ${t}`;
    const res = await fetch(`${app.url}${path}${r.query ? `?${r.query}` : ''}`, {
      method: r.method,
      headers,
      ...(r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD' ? { body: r.body } : {}),
    });
    const text = await res.text();
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return { status: res.status, headers: out, text, body: parseBody(text) };
  }

  async function snapshot(): Promise<Snapshot> {
    const [items, objects] = await Promise.all([app.scanTable(), app.objectStates()]);
    const map = new Map<string, string>();
    for (const i of items) map.set(`${(i.pk as { S: string }).S}|${(i.sk as { S: string }).S}`, stableHash(i));
    return { items: map, objects };
  }

  return {
    app,
    tokens,
    claims,
    invoke,
    http,
    snapshot,
    recordWrites: (fn) => recorder.record(fn),
    async close() {
      await app.close();
    },
  };
}

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('base64')}`;
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
const stableHash = (v: unknown) => createHash('sha256').update(stable(v)).digest('hex');

// ---------------------------------------------------------------- write recorder

const WRITE_COMMANDS = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
  'PutObjectCommand',
  'DeleteObjectCommand',
  'DeleteObjectsCommand',
  'CopyObjectCommand',
  'CompleteMultipartUploadCommand',
]);

function writeKeys(cmd: { constructor: { name: string }; input?: any }): string[] {
  const name = cmd.constructor.name;
  if (!WRITE_COMMANDS.has(name)) return [];
  const i = cmd.input ?? {};
  const k = (x: any) => (x ? `${x.pk?.S ?? x.pk}|${x.sk?.S ?? x.sk}` : `?${name}`);
  if (name.startsWith('Transact')) {
    return (i.TransactItems ?? []).flatMap((t: any) =>
      t.Put ? [k(t.Put.Item)] : t.Update ? [k(t.Update.Key)] : t.Delete ? [k(t.Delete.Key)] : [],
    );
  }
  if (name.startsWith('BatchWrite')) return [`?${name}`];
  if (i.Bucket !== undefined) return [`s3:${i.Key ?? '?'}`];
  return [k(i.Item ?? i.Key)];
}

const isHealth = (key: string) => key.startsWith('HEALTH|') || key.startsWith('s3:health/');

/**
 * Wraps the process-wide SDK clients the handlers use and records every write that
 * succeeded, per async context (handler layer, even concurrent) or globally (the HTTP
 * layer, where requests run in the server's context).
 */
function installWriteRecorder() {
  const als = new AsyncLocalStorage<string[]>();
  let global: string[] | undefined;
  const note = (keys: string[]) => {
    const ks = keys.filter((k) => !isHealth(k));
    if (!ks.length) return;
    const store = als.getStore();
    if (store) store.push(...ks);
    else global?.push(...ks);
  };
  for (const client of [documentClient(), s3Client()] as { send: (...a: any[]) => Promise<unknown> }[]) {
    const send = client.send.bind(client);
    client.send = async (cmd: any, ...rest: any[]) => {
      const out = await send(cmd, ...rest);
      note(writeKeys(cmd));
      return out;
    };
  }
  // The API functions write objects with signed fetch requests, not the S3 client.
  watchS3Fetch((op, key, ok) => {
    if (ok && op !== 'GetObject' && op !== 'HeadObject') note([`s3:${key}`]);
  });
  return {
    async record<T>(fn: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
      const writes: string[] = [];
      const prev = global;
      global = writes;
      try {
        const result = await als.run(writes, fn);
        return { result, writes };
      } finally {
        global = prev;
      }
    },
  };
}

/** The item keys (pk|sk) and object keys an accepted version may write. */
export function allowedWrites(a: Accepted): { items: Set<string>; objects: Set<string> } {
  const v6 = String(a.version).padStart(6, '0');
  return {
    items: new Set([
      `R#${a.unit}#${a.period}|V#${v6}`,
      `R#${a.unit}#${a.period}|D#${v6}`,
      `R#${a.unit}#${a.period}|M#${v6}`,
      `JOBS#artifacts|${a.unit}#${a.period}#${v6}`,
      `P#${a.province}#${a.period}|U#${a.unit}`,
      `RU#${a.province}|P#${a.period}`,
      `ARRIVALS#${a.province}|${a.receivedAt}#${a.unit}#${a.period}#${v6}`,
    ]),
    objects: new Set([
      `reports/${a.province}/${a.period}/${a.unit}/v${a.version}.json`,
      `reports/${a.province}/${a.period}/${a.unit}/v${a.version}.docx`,
    ]),
  };
}

/** A review action that succeeded (its seq and time, from the 200 body). */
export interface Reviewed {
  unit: string;
  period: string;
  province: string;
  seq: number;
  at: string;
}

/** A review action writes the latest item, the marker, its history item and its outbox message. */
export function allowedReviewWrites(r: Reviewed): Set<string> {
  const id = `review#${r.unit}#${r.period}#${r.seq}`;
  return new Set([
    `P#${r.province}#${r.period}|U#${r.unit}`,
    `RU#${r.province}|P#${r.period}`,
    `R#${r.unit}#${r.period}|A#${String(r.seq).padStart(6, '0')}`,
    `MSG#${id}|MSG`,
    `OUTBOX#pending|${r.at}#${id}`,
  ]);
}

/**
 * Compares two snapshots. Without accepted writes they must be identical; each
 * accepted version may add its own version, document-state and job items, replace
 * its report's latest item and its province-period marker, and add its S3 objects.
 * Returns the unexplained differences (empty: fine).
 */
export function unexplainedChanges(
  before: Snapshot,
  after: Snapshot,
  accepted: readonly Accepted[],
  o: { rollupsRan?: boolean; reviewed?: readonly Reviewed[] } = {},
): string[] {
  const allowedItems = new Set<string>();
  const allowedObjects = new Set<string>();
  for (const r of o.reviewed ?? []) allowedReviewWrites(r).forEach((k) => allowedItems.add(k));
  for (const a of accepted) {
    const w = allowedWrites(a);
    w.items.forEach((k) => allowedItems.add(k));
    w.objects.forEach((k) => allowedObjects.add(k));
  }
  // A rollup run (2xx on POST rollups) writes its own records and files.
  // An accepted write or a stored review decision spends its author's write quota (one QUOTA# item per principal).
  const spent = accepted.length > 0 || (o.reviewed?.length ?? 0) > 0;
  const itemOk = (k: string) =>
    allowedItems.has(k) || (o.rollupsRan === true && /^(RU|ROLLUP|RO)#/.test(k)) || (spent && k.startsWith('QUOTA#'));
  const objectOk = (k: string) => allowedObjects.has(k) || (o.rollupsRan === true && k.startsWith('rollups/'));
  const out: string[] = [];
  for (const [k, h] of after.items) {
    const was = before.items.get(k);
    if (was === h) continue;
    if (!itemOk(k)) out.push(`${was === undefined ? 'added' : 'changed'} item ${k}`);
  }
  for (const k of before.items.keys()) if (!after.items.has(k) && !itemOk(k)) out.push(`removed item ${k}`);
  for (const [k, state] of after.objects) {
    const was = before.objects.get(k);
    if (was === state) continue;
    if (!objectOk(k)) out.push(`${was === undefined ? 'added' : 'overwrote'} object ${k}`);
  }
  for (const k of before.objects.keys()) if (!after.objects.has(k)) out.push(`removed object ${k}`);
  return out;
}

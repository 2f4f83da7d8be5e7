/**
 * Issue 15 §2: bounded answers and writes, through the real handlers, DynamoDB Local and
 * s3rver. The versions list is paged with warnings counted; a version stores its first
 * warnings and their count; a report keeps at most MAX_VERSIONS versions; echoed input is
 * cut. (The write quota has its own file: test/hardening/quota.test.ts.)
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoReportStore, latestItem } from '../../shared/adapters/dynamo.ts';
import { MAX_STORED_WARNINGS, MAX_VERSIONS, MAX_VERSIONS_PAGE } from '../../shared/report/service.ts';
import { keys } from '../../shared/storage/keys.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let reporter: string;
const URL870 = '/v1/units/870/reports/2021-H1';

beforeAll(async () => {
  app = await startTestApp({ streams: false });
  reporter = await app.token('reporter', '870');
});
afterAll(async () => app?.close());

const unchanged = <T>(fn: () => Promise<T>): Promise<T> => app.unchanged(fn);

const withCount = (n: number) => {
  const b = example();
  b.values.INSPECTED_UNITS.value = n;
  return b;
};

/** The seed report citing `n` more plans dated after the report: one DOC_DATED_AFTER_REPORT warning each. */
function manyWarnings(n: number, count = 1) {
  const b = withCount(count);
  b.sections.direction.documents.push(
    ...Array.from({ length: n }, (_, i) => ({ kind: 'Kế hoạch', number: `${900 + i}/KH-UBND`, date: '2021-12-22' })),
  );
  return b;
}

async function putVersions(url: string, token: string, bodies: unknown[]): Promise<number> {
  let v = (await app.call('GET', url, { token })).body?.version ?? 0;
  for (const body of bodies) {
    const r = await app.call('PUT', url, { token, body, ...(v ? { headers: { 'if-match': `"${v}"` } } : {}) });
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    v = r.body.version;
  }
  return v;
}

describe('GET …/versions is paged, newest first, warnings counted', () => {
  it('7 versions by pages of 3: [7 6 5] → [4 3 2] → [1], each with warningCount and no warnings inlined', async () => {
    expect(
      await putVersions(
        URL870,
        reporter,
        Array.from({ length: 7 }, (_, i) => withCount(20 + i)),
      ),
    ).toBe(7);
    const seen: number[][] = [];
    let cursor: string | undefined;
    do {
      const r = await app.call('GET', `${URL870}/versions?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: reporter });
      expect(r.status, r.text).toBe(200);
      expect(r.body.latestVersion).toBe(7);
      expect(r.body.limit).toBe(3);
      for (const v of r.body.versions) {
        expect(v).not.toHaveProperty('warnings');
        expect(v.warningCount).toBe(3); // the seed's three December plans
      }
      seen.push(r.body.versions.map((v: any) => v.version));
      expect(
        r.body.history
          .filter((e: any) => e.type === 'version')
          .map((e: any) => e.version)
          .sort(),
      ).toEqual([...seen.at(-1)!].sort());
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
    const all = await app.call('GET', `${URL870}/versions`, { token: reporter });
    expect(all.body.versions.map((v: any) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(all.body.nextCursor).toBeUndefined();
  });

  it('versions written before the history lines (M#) existed are still listed and counted, from their version items', async () => {
    for (const v of [1, 2, 3, 6])
      await documentClient().send(new DeleteCommand({ TableName: app.table, Key: keys.versionMeta('870', '2021-H1', v) }));
    const walk: number[][] = [];
    let cursor: string | undefined;
    do {
      const r = await app.call('GET', `${URL870}/versions?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: reporter });
      expect(r.body.versions.every((v: any) => v.warningCount === 3)).toBe(true);
      walk.push(r.body.versions.map((v: any) => v.version));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(walk).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
  });

  it(`refuses a page above ${MAX_VERSIONS_PAGE}, a zero or odd limit and a made-up cursor: 400 INVALID_PAGE, in Vietnamese`, async () => {
    for (const q of [`limit=${MAX_VERSIONS_PAGE + 1}`, 'limit=0', 'limit=abc', 'cursor=abc', 'cursor=0', 'limit=-1']) {
      const r = await app.call('GET', `${URL870}/versions?${q}`, { token: reporter });
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('INVALID_PAGE');
      expect(r.body.error.message).toContain(String(MAX_VERSIONS_PAGE));
    }
    expect((await app.call('GET', `${URL870}/versions?limit=${MAX_VERSIONS_PAGE}`, { token: reporter })).status).toBe(200);
  });
});

describe(`a version stores its first ${MAX_STORED_WARNINGS} warnings and their count`, () => {
  it('a report drawing 253 warnings: 201 with 100 listed and warningCount 253; the same in GET, the versions list and the stored item', async () => {
    const v = (await app.call('GET', URL870, { token: reporter })).body.version;
    const r = await app.call('PUT', URL870, { token: reporter, body: manyWarnings(250), headers: { 'if-match': `"${v}"` } });
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    expect(r.body.warnings).toHaveLength(MAX_STORED_WARNINGS);
    expect(r.body.warningCount).toBe(253);
    const g = await app.call('GET', `${URL870}?version=${r.body.version}`, { token: reporter });
    expect([g.body.warnings.length, g.body.warningCount]).toEqual([MAX_STORED_WARNINGS, 253]);
    const list = await app.call('GET', `${URL870}/versions?limit=1`, { token: reporter });
    expect(list.body.versions[0]).toMatchObject({ version: r.body.version, warningCount: 253 });
    const item = await documentClient().send(new GetCommand({ TableName: app.table, Key: keys.version('870', '2021-H1', r.body.version) }));
    expect(JSON.parse(item.Item!.warnings)).toHaveLength(MAX_STORED_WARNINGS);
    expect(item.Item!.warningCount).toBe(253);
    const validate = await app.call('POST', `${URL870}/validate`, { token: reporter, body: manyWarnings(250, 99) });
    expect([validate.body.warnings.length, validate.body.warningCount]).toEqual([MAX_STORED_WARNINGS, 253]);
  });
});

describe(`at most ${MAX_VERSIONS} versions per unit and period`, () => {
  it(`an amendment past version ${MAX_VERSIONS} is refused with 409 TOO_MANY_VERSIONS, in Vietnamese, nothing stored`, async () => {
    const url = '/v1/units/871/reports/2021-H1';
    const token = await app.token('reporter', '871');
    await putVersions(url, token, [withCount(1)]);
    // The history as it would be after MAX_VERSIONS amendments: the latest item names version MAX_VERSIONS.
    const store = new DynamoReportStore(documentClient(), app.table);
    const latest = (await store.getLatest('87', '871', '2021-H1'))!;
    await documentClient().send(new PutCommand({ TableName: app.table, Item: latestItem({ ...latest, version: MAX_VERSIONS }) }));
    const r = await unchanged(() => app.call('PUT', url, { token, body: withCount(2), headers: { 'if-match': `"${MAX_VERSIONS}"` } }));
    expect(r.status, r.text).toBe(409);
    expect(r.body.error.code).toBe('TOO_MANY_VERSIONS');
    expect(r.body.error.message).toContain(`${MAX_VERSIONS} phiên bản`);
    expect(r.body.error.message).toContain('tối đa');
    // One below the cap still amends.
    await documentClient().send(new PutCommand({ TableName: app.table, Item: latestItem({ ...latest, version: MAX_VERSIONS - 1 }) }));
    expect((await app.call('PUT', url, { token, body: withCount(3), headers: { 'if-match': `"${MAX_VERSIONS - 1}"` } })).status).toBe(201);
  });
});

describe('echoed input is cut', () => {
  it('an unknown 240 KB field name (the body just under 256 KB): 422 UNKNOWN_FIELD in an answer under 2 KB, the name cut with "…"', async () => {
    const b: Record<string, unknown> = example();
    const key = `x${'A'.repeat(240 * 1024)}`;
    b[key] = 1;
    const token = await app.token('reporter', '872');
    const r = await unchanged(() => app.call('PUT', '/v1/units/872/reports/2021-H1', { token, body: b }));
    expect(r.status).toBe(422);
    expect(Buffer.byteLength(r.text)).toBeLessThan(2048);
    const d = r.body.error.details.find((x: any) => x.code === 'UNKNOWN_FIELD');
    expect(d.path).toMatch(/^\$\["xA+…"\]$/);
    expect(d.message).toMatch(/^Trường không được phép: "xA+…"\.$/);
  });

  it('a 120 KB duplicated key is cut too (400 DUPLICATE_KEY)', async () => {
    const key = 'B'.repeat(120 * 1024);
    const r = await app.call('PUT', '/v1/units/872/reports/2021-H1', {
      token: await app.token('reporter', '872'),
      raw: `{"${key}":1,"${key}":2}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(Buffer.byteLength(r.text)).toBeLessThan(2048);
  });
});

/**
 * Issue 15 §2: the per-principal write quota (a token bucket item in the table, spent with
 * a conditional update) answers 429 with Retry-After and a Vietnamese message; refused
 * writes store nothing; another user is not affected. Real handlers, DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;

beforeAll(async () => {
  // 3 writes at once, then 1 a minute: no token comes back while the test runs, however loaded the machine.
  app = await startTestApp({ streams: false, writeQuota: '3/1' });
});
afterAll(async () => app?.close());

const PERIODS = ['2021-Q1', '2021-H1', '2021-Q3', '2021-9M', '2021-Y'];

describe('write quota per principal', () => {
  it('one reporter writing 5 periods at once: 3 stored, 2 × 429 with Retry-After and nothing stored; another reporter still writes', async () => {
    const token = await app.token('reporter', '870');
    const results = await Promise.all(PERIODS.map((p) => app.call('PUT', `/v1/units/870/reports/${p}`, { token, body: example() })));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(statuses),
    ).toHaveLength(3);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.body.error.code).toBe('WRITE_QUOTA_EXCEEDED');
      const wait = Number(r.headers.get('retry-after'));
      expect(Number.isInteger(wait) && wait >= 1 && wait <= 120, String(wait)).toBe(true);
      expect(r.body.error.message).toContain(`sau ${wait} giây`);
      expect(r.body.error.message).toContain('tối đa 3 lần liên tiếp');
    }
    // The refused periods have no report.
    const stored = await Promise.all(PERIODS.map((p) => app.call('GET', `/v1/units/870/reports/${p}`, { token })));
    expect(stored.map((r) => r.status).sort()).toEqual([200, 200, 200, 404, 404]);
    // An identical retry of a stored version is no write: 200, not 429.
    const ok = PERIODS[statuses.indexOf(201)]!;
    expect((await app.call('PUT', `/v1/units/870/reports/${ok}`, { token, body: example(), headers: { 'if-match': '"1"' } })).status).toBe(
      200,
    );
    // Another user has a bucket of their own.
    const other = await app.call('PUT', '/v1/units/871/reports/2021-H1', { token: await app.token('reporter', '871'), body: example() });
    expect(other.status, other.text).toBe(201);
    // English on request.
    const en = await app.call('PUT', `/v1/units/870/reports/${PERIODS[statuses.indexOf(429)]}`, {
      token,
      body: example(),
      headers: { 'accept-language': 'en' },
    });
    expect(en.status).toBe(429);
    expect(en.body.error.message).toMatch(/Too many submissions/);
  });

  it('review decisions spend the same quota: 3 stored, the 4th 429 with nothing changed', async () => {
    const staff = await app.token('province', '87');
    const url = '/v1/units/871/reports/2021-H1';
    const decide = (path: string, body: unknown) =>
      app.call('POST', `${url}/${path}`, { token: staff, body, headers: { 'if-match': '"1"' } });
    expect((await decide('review', { decision: 'accept' })).status).toBe(200);
    expect((await decide('reopen', { reason: 'Đơn vị đề nghị điều chỉnh.' })).status).toBe(200);
    expect((await decide('review', { decision: 'accept' })).status).toBe(200);
    const refused = await decide('reopen', { reason: 'Lần nữa.' });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.error.code).toBe('WRITE_QUOTA_EXCEEDED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Still accepted, three decisions in the history.
    const report = await app.call('GET', url, { token: staff });
    expect(report.body.review.state).toBe('accepted');
    const history = await app.call('GET', `${url}/versions`, { token: staff });
    expect(history.body.reviews.map((a: any) => a.action)).toEqual(['accept', 'reopen', 'accept']);
  });

  it('the bucket item expires (TTL) an hour after its bucket is full again', async () => {
    const items = (await app.scanTable()).filter((i: any) => i.type?.S === 'quota');
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const i of items as any[]) {
      const tat = Number(i.tat.N);
      const expires = Number(i.expiresAt.N);
      expect(expires * 1000).toBeGreaterThanOrEqual(tat);
      // At most the hour plus the bucket's tolerance (2 × 60 s here) past the time it is full again.
      expect(expires * 1000 - tat).toBeLessThanOrEqual(3_600_000 + 120_000 + 1_000);
    }
  });
});

/**
 * Races against the real DynamoDB Local: optimistic concurrency on the version and
 * content-hash retries must never produce two versions for one intent, nor lose one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportStore } from '../../shared/adapters/dynamo.ts';
import { documentClient } from '../../shared/adapters/clients.ts';
import { ConcurrentWriteError } from '../../shared/errors/errors.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  // Documents by the retry job: these tests are about the table, and building .docx
  // files in the same process would only slow the 50-way races down.
  app = await startTestApp({ streams: false });
});
afterAll(async () => {
  await app?.close();
});

const withCount = (n: number) => {
  const r = example();
  r.values.INSPECTED_UNITS.value = n;
  return r;
};

describe('concurrency', () => {
  it('50 concurrent first submissions by retrying clients store one version; every client gets it', async () => {
    const token = await app.token('reporter', '872');
    const url = '/v1/units/872/reports/2021-H1';
    const results = await Promise.all(Array.from({ length: 50 }, () => app.call('PUT', url, { token, body: example() })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.body.version))).toEqual(new Set([1]));
    const list = await app.call('GET', `${url}/versions`, { token });
    expect(list.body.versions).toHaveLength(1);
  });

  it('50 concurrent amendments with the same If-Match: exactly one new version, 49 × 412, nothing lost', async () => {
    const token = await app.token('reporter', '873');
    const url = '/v1/units/873/reports/2021-H1';
    expect((await app.call('PUT', url, { token, body: withCount(1) })).status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => app.call('PUT', url, { token, body: withCount(100 + i), headers: { 'if-match': '"1"' } })),
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(49);
    const list = await app.call('GET', `${url}/versions`, { token });
    expect(list.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    const latest = await app.call('GET', url, { token });
    const winner = results.indexOf(won[0]!);
    expect(latest.body.content.values.INSPECTED_UNITS.value).toBe(100 + winner);
    const v1 = await app.call('GET', `${url}?version=1`, { token });
    expect(v1.body.content.values.INSPECTED_UNITS.value).toBe(1);
  });

  it('sequential amendments by two officials who each reload before editing all land, in order', async () => {
    const token = await app.token('reporter', '874');
    const url = '/v1/units/874/reports/2021-H1';
    let version = 0;
    for (let i = 0; i < 10; i++) {
      const r = await app.call('PUT', url, { token, body: withCount(i), ...(version ? { headers: { 'if-match': `"${version}"` } } : {}) });
      expect(r.status).toBe(201);
      version = r.body.version;
    }
    expect(version).toBe(10);
  });
});

describe('the audit trail cannot be rewritten', () => {
  it('a version is written once: the store refuses to write an existing version number again', async () => {
    const token = await app.token('reporter', '875');
    const url = '/v1/units/875/reports/2021-H1';
    expect((await app.call('PUT', url, { token, body: example() })).status).toBe(201);
    const store = new DynamoReportStore(documentClient(), app.table);
    const v1 = (await store.getVersion('875', '2021-H1', 1))!;
    const latest = (await store.getLatest('87', '875', '2021-H1'))!;
    const forged = { ...v1, hash: 'f'.repeat(64), content: withCount(999) as never };
    // Even with the "right" expected version, version 1 already exists: refused atomically.
    await expect(store.commitVersion(forged, { ...latest, hash: forged.hash }, 1)).rejects.toBeInstanceOf(ConcurrentWriteError);
    const again = await store.getVersion('875', '2021-H1', 1);
    expect(again!.hash).toBe(v1.hash);
    expect((await store.getLatest('87', '875', '2021-H1'))!.hash).toBe(latest.hash);
  });

  it("no route deletes or overwrites: DELETE and PATCH are no route anywhere (API Gateway's 404), and a stale If-Match never replaces a version", async () => {
    const token = await app.token('reporter', '875');
    for (const path of [
      '/v1/units/875/reports/2021-H1',
      '/v1/units/875/reports/2021-H1/versions',
      '/v1/units/875/reports/2021-H1/document',
    ]) {
      for (const method of ['DELETE', 'PATCH']) {
        const r = await app.call(method, path, { token });
        expect(r.status).toBe(404);
        expect(r.body).toEqual({ message: 'Not Found' });
      }
    }
    const before = await app.call('GET', '/v1/units/875/reports/2021-H1/versions', { token });
    const stale = await app.call('PUT', '/v1/units/875/reports/2021-H1', { token, body: withCount(5), headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    const after = await app.call('GET', '/v1/units/875/reports/2021-H1/versions', { token });
    expect(after.body).toEqual(before.body);
  });
});

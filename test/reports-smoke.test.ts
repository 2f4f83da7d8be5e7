import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startTestApp, type TestApp } from './support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe('smoke', () => {
  it('PUT the seed then GET it back', async () => {
    const token = await app.token('reporter', '870');
    const r = await app.call('PUT', '/v1/units/870/reports/2021-H1', { token, body: example() });
    expect(r.status, r.text).toBe(201);
    expect(r.body.version).toBe(1);
    const g = await app.call('GET', '/v1/units/870/reports/2021-H1', { token });
    expect(g.status).toBe(200);
  });
});

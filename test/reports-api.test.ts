/**
 * The report API end to end: real handlers behind the local server, real DynamoDB
 * Local and s3rver. Every refusal is checked to leave the table and bucket as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startTestApp, type TestApp } from './support/app.ts';

let app: TestApp;
let reporter: string;
const URL870 = '/v1/units/870/reports/2021-H1';

beforeAll(async () => {
  app = await startTestApp();
  reporter = await app.token('reporter', '870');
});
afterAll(async () => app?.close());

/** Runs fn and asserts the table and bucket did not change. */
const unchanged = <T>(fn: () => Promise<T>): Promise<T> => app.unchanged(fn);

const amended = (n: number) => {
  const r = example();
  r.values.INSPECTED_UNITS.value = n;
  return r;
};

describe('submitting the seed report', () => {
  it('answers 201 with version, receipt time, on-time flag and the three December 2021 warnings', async () => {
    const r = await app.call('PUT', URL870, { token: reporter, body: example() });
    expect(r.status, r.text).toBe(201);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body).toMatchObject({ unit: '870', period: '2021-H1', version: 1, onTime: false });
    expect(Date.parse(r.body.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    const dated = r.body.warnings.filter((w: any) => w.code === 'DOC_DATED_AFTER_REPORT');
    expect(dated.map((w: any) => w.message.match(/\d+\/KH-UBND/)[0]).sort()).toEqual(['217/KH-UBND', '218/KH-UBND', '228/KH-UBND']);
    expect(dated.every((w: any) => w.path.startsWith('$.') && w.message.includes('/12/2021'))).toBe(true);
  });

  it('the same PUT again is 200 with the same version (retry-safe), storing nothing new', async () => {
    const r = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: example() }));
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    // Key order and Unicode normalisation do not make a new version either.
    const reordered = Object.fromEntries(Object.entries(example()).reverse());
    reordered.signature.name = reordered.signature.name.normalize('NFD');
    const again = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: reordered }));
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
  });

  it('round-trips through GET unchanged, with the canonical JSON in S3', async () => {
    const g = await app.call('GET', URL870, { token: reporter });
    expect(g.status).toBe(200);
    expect(g.body.content).toEqual(example()); // the example already spells out every field
    expect(g.body.submittedBy).toEqual({ sub: 'local-reporter-870', unit: '870', role: 'reporter' });
    expect(await app.listObjects()).toEqual(expect.arrayContaining(['reports/87/2021-H1/870/v1.json']));
  });

  it('stores NFC, trimmed text: a PUT of NFD text with spaces around reads back NFC and trimmed', async () => {
    // Another unit's first report: its content is new, so what is read back is what this PUT stored.
    const reporter871 = await app.token('reporter', '871');
    const nfc = 'Nguyễn Thị Hằng';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const body = example();
    body.signature.name = `  ${nfd} \t `;
    body.closing = `\n ${String(body.closing).normalize('NFD')}  `;
    const r = await app.call('PUT', '/v1/units/871/reports/2021-H1', { token: reporter871, body });
    expect(r.status, r.text).toBe(201);
    const g = await app.call('GET', '/v1/units/871/reports/2021-H1', { token: reporter871 });
    expect(g.status).toBe(200);
    expect(g.body.content.signature.name).toBe(nfc);
    expect(g.body.content.closing).toBe(String(example().closing).normalize('NFC').trim());
    expect(g.body.content.closing).not.toBe(body.closing);
  });
});

describe('amendments', () => {
  it('needs If-Match: 428 without it, 412 with a stale one, nothing stored', async () => {
    const r428 = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: amended(11) }));
    expect(r428.status).toBe(428);
    expect(r428.body.error.code).toBe('PRECONDITION_REQUIRED');
    expect(r428.body.error.message).toContain('If-Match');
    const r412 = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: amended(11), headers: { 'if-match': '"7"' } }));
    expect(r412.status).toBe(412);
    expect(r412.body.error.code).toBe('PRECONDITION_FAILED');
  });

  it('creates version 2 with the right If-Match; v1 stays readable; versions list who and when', async () => {
    const r = await app.call('PUT', URL870, { token: reporter, body: amended(11), headers: { 'if-match': '"1"' } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.version).toBe(2);
    expect(r.headers.get('etag')).toBe('"2"');
    const v1 = await app.call('GET', `${URL870}?version=1`, { token: reporter });
    expect(v1.body.content.values.INSPECTED_UNITS.value).toBe(10);
    expect(v1.body.latestVersion).toBe(2);
    const latest = await app.call('GET', URL870, { token: reporter });
    expect(latest.body.content.values.INSPECTED_UNITS.value).toBe(11);
    // On time is judged on the first version's receipt.
    expect(latest.body.firstReceivedAt).toBe(v1.body.receivedAt);
    const list = await app.call('GET', `${URL870}/versions`, { token: reporter });
    expect(list.body.versions.map((v: any) => v.version)).toEqual([2, 1]); // newest first
    for (const v of list.body.versions) {
      expect(v.submittedBy.unit).toBe('870');
      expect(v.requestId).toMatch(/[0-9a-f-]{36}/);
      expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const missing = await app.call('GET', `${URL870}?version=9`, { token: reporter });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('VERSION_NOT_FOUND');
  });

  it('two concurrent amendments with the same If-Match: exactly one wins, the other gets 412', async () => {
    const [a, b] = await Promise.all([
      app.call('PUT', URL870, { token: reporter, body: amended(20), headers: { 'if-match': '"2"' } }),
      app.call('PUT', URL870, { token: reporter, body: amended(30), headers: { 'if-match': '"2"' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 412]);
    const winner = a.status === 201 ? 20 : 30;
    const list = await app.call('GET', `${URL870}/versions`, { token: reporter });
    expect(list.body.versions.map((v: any) => v.version)).toEqual([3, 2, 1]);
    const latest = await app.call('GET', URL870, { token: reporter });
    expect(latest.body.content.values.INSPECTED_UNITS.value).toBe(winner);
  });

  it('validate checks and stores nothing', async () => {
    const r = await unchanged(() => app.call('POST', `${URL870}/validate`, { token: reporter, body: amended(99) }));
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(true);
    expect(r.body.warnings.length).toBeGreaterThanOrEqual(3);
  });
});

describe('who may do what', () => {
  it('401 without a token or with a token signed by another key', async () => {
    const none = await unchanged(() => app.call('PUT', URL870, { body: example() }));
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ message: 'Unauthorized' });
    const { newKeyPair, signToken } = await import('../scripts/local/keys.ts');
    const forged = await signToken(await newKeyPair(), { role: 'reporter', unit: '870' });
    const forgedAnswer = await app.call('GET', URL870, { token: forged });
    expect(forgedAnswer.status).toBe(401);
    expect(forgedAnswer.body).toEqual({ message: 'Unauthorized' });
    const expired = await app.token('reporter', '870', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await app.call('GET', URL870, { token: expired })).status).toBe(401);
  });

  it('a reporter of another unit gets 403 for writing and reading, nothing stored', async () => {
    const other = await app.token('reporter', '871');
    const w = await unchanged(() => app.call('PUT', URL870, { token: other, body: example() }));
    expect(w.status).toBe(403);
    expect(w.body.error.code).toBe('FORBIDDEN');
    expect((await app.call('GET', URL870, { token: other })).status).toBe(403);
    expect((await app.call('GET', `${URL870}/versions`, { token: other })).status).toBe(403);
    expect((await app.call('GET', `${URL870}/document`, { token: other })).status).toBe(403);
  });

  it('province staff read units of their province but may not write; staff of another province may not read', async () => {
    const staff = await app.token('province', '87');
    expect((await app.call('GET', URL870, { token: staff })).status).toBe(200);
    expect((await app.call('GET', `${URL870}/versions`, { token: staff })).status).toBe(200);
    expect((await unchanged(() => app.call('PUT', URL870, { token: staff, body: example() }))).status).toBe(403);
    const elsewhere = await app.token('province', '89');
    expect((await app.call('GET', URL870, { token: elsewhere })).status).toBe(403);
  });
});

describe('bad input: a clear 4xx with the path, and nothing changes', () => {
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string, string?][] = [
    [
      'malformed JSON',
      () => app.call('PUT', URL870, { token: reporter, raw: '{"header": ', headers: { 'content-type': 'application/json' } }),
      400,
      'MALFORMED_JSON',
    ],
    [
      'a wrong content type',
      () => app.call('PUT', URL870, { token: reporter, raw: JSON.stringify(example()), headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a body over 256 KB',
      () =>
        app.call('PUT', URL870, {
          token: reporter,
          raw: JSON.stringify({ ...example(), pad: 'x'.repeat(300_000) }),
          headers: { 'content-type': 'application/json' },
        }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'invalid UTF-8',
      () =>
        app.call('PUT', URL870, {
          token: reporter,
          raw: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'INVALID_UTF8',
    ],
    [
      'duplicate keys',
      () =>
        app.call('PUT', URL870, { token: reporter, raw: '{"header": {}, "header": {}}', headers: { 'content-type': 'application/json' } }),
      400,
      'DUPLICATE_KEY',
    ],
    [
      'an unknown field',
      () => app.call('PUT', URL870, { token: reporter, body: { ...example(), extra: 1 } }),
      422,
      'VALIDATION_FAILED',
      '$.extra',
    ],
    [
      'a wrong type',
      () => {
        const b = example();
        b.values.INSPECTED_UNITS.value = '10';
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.values.INSPECTED_UNITS.value',
    ],
    [
      'a negative count',
      () => {
        const b = example();
        b.values.UNIT_PORTAL_ARTICLES.value = -5;
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.values.UNIT_PORTAL_ARTICLES.value',
    ],
    [
      'a fractional count',
      () => {
        const b = example();
        b.values.AWARDS_INDIVIDUALS.value = 2.5;
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.values.AWARDS_INDIVIDUALS.value',
    ],
    [
      'a missing required field',
      () => {
        const b = example();
        delete b.signature.name;
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.signature.name',
    ],
    [
      'a part larger than its whole',
      () => {
        const b = example();
        b.values.LATE_DOSSIERS.levels.unit.breakdown.field[0].value = 251;
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.values.LATE_DOSSIERS.levels.unit.breakdown.field[0].value',
    ],
    [
      'a breakdown summing above the total',
      () => {
        const b = example();
        b.values.LATE_DOSSIERS.levels.commune.breakdown.commune.push({ name: 'Xã Phú Thuận A', value: 100 });
        return app.call('PUT', URL870, { token: reporter, body: b });
      },
      422,
      'VALIDATION_FAILED',
      '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune',
    ],
    [
      'an unknown period',
      () => app.call('PUT', '/v1/units/870/reports/2021-H2', { token: reporter, body: example() }),
      404,
      'UNKNOWN_PERIOD',
    ],
    [
      'a period in which the unit no longer exists (dissolved on 1 July 2025)',
      () => app.call('PUT', '/v1/units/870/reports/2026-Q1', { token: reporter, body: example() }),
      422,
      'UNIT_NOT_IN_FORCE',
    ],
    [
      'a unit in force that does not report for the period (a commune of 870 in 2021)',
      async () => app.call('PUT', '/v1/units/29956/reports/2021-H1', { token: await app.token('reporter', '29956'), body: example() }),
      422,
      'UNIT_NOT_REPORTING',
    ],
    ['an unknown unit', () => app.call('PUT', '/v1/units/999/reports/2021-H1', { token: reporter, body: example() }), 404, 'UNKNOWN_UNIT'],
    [
      "a path unit different from the token's",
      () => app.call('PUT', '/v1/units/871/reports/2021-H1', { token: reporter, body: example() }),
      403,
      'FORBIDDEN',
    ],
    [
      'a malformed If-Match',
      () => app.call('PUT', URL870, { token: reporter, body: amended(5), headers: { 'if-match': 'abc' } }),
      400,
      'INVALID_IF_MATCH',
    ],
    ['a bad ?version', () => app.call('GET', `${URL870}?version=-1`, { token: reporter }), 400, 'INVALID_VERSION'],
  ];

  it.each(cases)('%s', async (_name, call, status, code, path) => {
    const r = await unchanged(call);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/\S/);
    expect(r.body.error.requestId).toBeTruthy();
    expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.ts:\d+|node_modules|Error:/);
    if (path) expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
  });

  it('answers in Vietnamese by default and in English with Accept-Language: en', async () => {
    const b = example();
    b.values.UNIT_PORTAL_ARTICLES.value = -5;
    const vi = await app.call('PUT', URL870, { token: reporter, body: b });
    const en = await app.call('PUT', URL870, { token: reporter, body: b, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(vi.body.error.message).toContain('Báo cáo không hợp lệ');
    expect(en.body.error.message).toContain('not valid');
    expect(vi.body.error.details[0].code).toBe(en.body.error.details[0].code);
    expect(vi.body.error.details[0].message).not.toBe(en.body.error.details[0].message);
  });

  it('lists every problem at once', async () => {
    const b = example();
    b.values.UNIT_PORTAL_ARTICLES.value = -1;
    b.values.AWARDS_INDIVIDUALS.value = 1.5;
    b.bogus = true;
    const r = await app.call('PUT', URL870, { token: reporter, body: b });
    expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual(
      ['$.bogus', '$.values.UNIT_PORTAL_ARTICLES.value', '$.values.AWARDS_INDIVIDUALS.value'].sort(),
    );
  });
});

describe('public routes', () => {
  it('health is 200 once table and bucket can be written and read', async () => {
    const r = await app.call('GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', table: 'ok', bucket: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const r = await app.call('GET', '/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toContain('/v1/units/{unit}/reports/{period}');
    const schemas = r.body.components.schemas;
    expect(schemas.ReportBody.properties.form.required).toEqual(['id', 'version']);
    for (const p of ['/v1/forms', '/v1/forms/{id}', '/v1/units/{unit}/reports/{period}/form']) {
      expect(Object.keys(r.body.paths)).toContain(p);
      expect(r.body.paths[p].get.security).toBeTruthy();
    }
    // The body's exact schema is the form's: strict, with counts that cannot be negative.
    const f = await app.call('GET', '/v1/forms/dong-thap-2021', { token: reporter });
    expect(f.status).toBe(200);
    expect(f.body.schema.additionalProperties).toBe(false);
    const late = f.body.schema.properties.values.properties.LATE_DOSSIERS;
    expect(late.properties.levels.properties.unit.properties.value.minimum).toBe(0);
    expect(late.properties.levels.additionalProperties).toBe(false);
    expect(r.body.paths['/v1/units/{unit}/reports/{period}'].put.security).toBeTruthy();
    expect(r.body.paths['/v1/health'].get.security).toBeUndefined();
  });

  it("unknown routes and methods get API Gateway's JSON 404, token or not", async () => {
    const nothing = await app.call('GET', '/v1/nothing');
    expect(nothing.status).toBe(404);
    expect(nothing.body).toEqual({ message: 'Not Found' });
    expect(nothing.headers.get('content-type')).toMatch(/^application\/json/);
    const r = await app.call('DELETE', URL870, { token: reporter });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ message: 'Not Found' });
    expect((await app.call('DELETE', URL870)).body).toEqual({ message: 'Not Found' });
  });
});

/**
 * The registry over HTTP, end to end on the real handlers, DynamoDB Local and s3rver:
 * units in force on a date, one code's history, tokens for any unit, the 2021 token that
 * cannot submit for 2026, and province isolation across the reorganisation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../../shared/adapters/dynamo.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { Registry } from '../../shared/registry/registry.ts';
import { strandedReports } from '../../shared/registry/replace.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

const commune2026 = () => JSON.parse(readFileSync(new URL('../../data/examples/28297-2026-Q3.json', import.meta.url), 'utf8'));

let app: TestApp;
let reporter870: string;
let reporter28297: string;
let staff82: string;
let staff87: string;
const seed = bundledRegistry().data;

beforeAll(async () => {
  app = await startTestApp();
  reporter870 = await app.token('reporter', '870');
  reporter28297 = await app.token('reporter', '28297');
  staff82 = await app.token('province', '82');
  staff87 = await app.token('province', '87');
  expect((await app.call('PUT', '/v1/units/870/reports/2021-H1', { token: reporter870, body: example() })).status).toBe(201);
});
afterAll(async () => app?.close());

async function useRegistry(readsHistoryOf: string[]) {
  const data = structuredClone(seed);
  data.version = `test-${readsHistoryOf.join('-') || 'closed'}`;
  data.provinces.find((p) => p.code === '82')!.readsHistoryOf = readsHistoryOf;
  await new DynamoRegistryStore(documentClient(), app.table).save(data);
  resetContexts(); // the index is cached a minute per container
}

describe('GET /v1/units?province=&on=', () => {
  it('lists 82 on 30/09/2026: Đồng Tháp, its 102 communes and wards and its departments, no district', async () => {
    const r = await app.call('GET', '/v1/units?province=82&on=2026-09-30', { token: reporter28297 });
    expect(r.status).toBe(200);
    expect(r.body.province).toEqual({ code: '82', name: 'Tỉnh Đồng Tháp' });
    expect(r.body.units.filter((u: any) => u.kind === 'commune')).toHaveLength(102);
    const departments = seed.units.filter((u) => u.kind === 'department' && u.parentCode === '82');
    expect(r.body.units.filter((u: any) => u.kind === 'department')).toHaveLength(departments.length);
    expect(r.body.count).toBe(r.body.units.length);
    expect(r.body.units.some((u: any) => u.kind === 'district')).toBe(false);
    expect(r.body.units.find((u: any) => u.code === '28297')).toEqual({
      code: '28297',
      name: 'Phường Long Thuận',
      kind: 'commune',
      parentCode: '82',
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('the same code on 30/06/2021 is Tiền Giang with its districts and communes; 87 then is Đồng Tháp', async () => {
    const tg = await app.call('GET', '/v1/units?province=82&on=2021-06-30', { token: staff87 });
    expect(tg.body.province.name).toBe('Tỉnh Tiền Giang');
    expect(tg.body.units.filter((u: any) => u.kind === 'district')).toHaveLength(11);
    expect(tg.body.units.find((u: any) => u.code === '28297')?.name).toBe('Phường 2');
    const dt = await app.call('GET', '/v1/units?province=87&on=2021-06-30', { token: staff87 });
    expect(dt.body.units.filter((u: any) => u.kind === 'district').map((u: any) => u.code)).toEqual([
      '866',
      '867',
      '868',
      '869',
      '870',
      '871',
      '872',
      '873',
      '874',
      '875',
      '876',
      '877',
    ]);
    expect(dt.body.units.find((u: any) => u.code === '29992')).toMatchObject({ name: 'Xã Long Thuận', parentCode: '870' });
  });

  it('refuses clearly: no token 401, no province 422, a bad date 422, a province not in force then 404', async () => {
    expect((await app.call('GET', '/v1/units?province=82')).status).toBe(401);
    const none = await app.call('GET', '/v1/units', { token: staff82 });
    expect([none.status, none.body.error.code]).toEqual([422, 'PROVINCE_REQUIRED']);
    const bad = await app.call('GET', '/v1/units?province=82&on=2026-02-30', { token: staff82 });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'INVALID_DATE_PARAM']);
    const gone = await app.call('GET', '/v1/units?province=87&on=2026-09-30', { token: staff82 });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'UNKNOWN_PROVINCE']);
    expect(gone.body.error.message).toMatch(/Không có tỉnh mã "87"/);
  });
});

describe('GET /v1/units/{code}: one code and its history', () => {
  it('28297: Phường 2 under 816 until 30/06/2025, then Phường Long Thuận under 82', async () => {
    const r = await app.call('GET', '/v1/units/28297', { token: reporter870 });
    expect(r.status).toBe(200);
    expect(r.body.current).toBe(true);
    expect(r.body.history).toEqual([
      expect.objectContaining({
        name: 'Phường 2',
        validFrom: '2000-01-01',
        validTo: '2025-06-30',
        parent: { code: '816', name: 'Thành phố Gò Công' },
        province: { code: '82', name: 'Tỉnh Tiền Giang' },
        successors: [{ code: '28297', name: 'Phường Long Thuận' }],
      }),
      expect.objectContaining({
        name: 'Phường Long Thuận',
        validFrom: '2025-07-01',
        validTo: null,
        parent: { code: '82', name: 'Tỉnh Đồng Tháp' },
        successors: [],
      }),
    ]);
  });

  it('870 and 87: dissolved on 30/06/2025, succeeded by 82 (named as it is after)', async () => {
    const d = await app.call('GET', '/v1/units/870', { token: reporter870 });
    expect(d.body.current).toBe(false);
    expect(d.body.history).toEqual([
      expect.objectContaining({
        name: 'Huyện Hồng Ngự',
        validTo: '2025-06-30',
        province: { code: '87', name: 'Tỉnh Đồng Tháp' },
        successors: [{ code: '82', name: 'Tỉnh Đồng Tháp' }],
      }),
    ]);
    const p = await app.call('GET', '/v1/units/87', { token: staff82 });
    expect(p.body.history[0].successors).toEqual([{ code: '82', name: 'Tỉnh Đồng Tháp' }]);
    const unknown = await app.call('GET', '/v1/units/99999', { token: staff82 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNKNOWN_UNIT']);
  });
});

describe('reports across the reorganisation', () => {
  it('a commune of the new Đồng Tháp submits its 2026-Q3 report (five-digit token), and reads it back', async () => {
    const put = await app.call('PUT', '/v1/units/28297/reports/2026-Q3', { token: reporter28297, body: commune2026() });
    expect(put.status, put.text).toBe(201);
    const get = await app.call('GET', '/v1/units/28297/reports/2026-Q3', { token: reporter28297 });
    expect(get.status).toBe(200);
    expect((await app.call('GET', '/v1/units/28297/reports/2026-Q3', { token: staff82 })).status).toBe(200);
    const status = await app.call('GET', '/v1/provinces/82/periods/2026-Q3/status', { token: staff82 });
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body)).toContain('28297');
  });

  it('a 2021 reporter token for 870 cannot submit for 2026-Q3: the unit no longer exists, said in Vietnamese', async () => {
    await app.settle(); // earlier reports' documents are built first: only this PUT's writes may show
    const before = await app.scanTable();
    const r = await app.call('PUT', '/v1/units/870/reports/2026-Q3', { token: reporter870, body: example() });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('UNIT_NOT_IN_FORCE');
    expect(r.body.error.message).toBe(
      'Đơn vị mã 870 không tồn tại trong kỳ 2026-Q3: Huyện Hồng Ngự chỉ có hiệu lực từ 01/01/2000 đến 30/06/2025 (sắp xếp đơn vị hành chính).',
    );
    const en = await app.call('PUT', '/v1/units/870/reports/2026-Q3', {
      token: reporter870,
      body: example(),
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.error.message).toMatch(/does not exist in period 2026-Q3/);
    expect(await app.scanTable()).toEqual(before);
  });

  it("a code that named another unit in the period is not the token's: 28297 cannot write as 2021's Phường 2", async () => {
    const r = await app.call('PUT', '/v1/units/28297/reports/2021-H1', { token: reporter28297, body: example() });
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await app.call('GET', '/v1/units/28297/reports/2021-H1', { token: reporter28297 })).status).toBe(403);
  });

  it("province isolation: 82 cannot read 87's 2021 reports (nor Tiền Giang's), 87 cannot read 82's", async () => {
    expect((await app.call('GET', '/v1/units/870/reports/2021-H1', { token: staff87 })).status).toBe(200);
    expect((await app.call('GET', '/v1/units/870/reports/2021-H1', { token: staff82 })).status).toBe(403);
    expect((await app.call('GET', '/v1/provinces/87/periods/2021-H1/status', { token: staff82 })).status).toBe(403);
    expect((await app.call('GET', '/v1/provinces/82/periods/2021-H1/status', { token: staff82 })).status).toBe(403);
    expect((await app.call('GET', '/v1/units/28297/reports/2026-Q3', { token: staff87 })).status).toBe(403);
    expect((await app.call('GET', '/v1/provinces/82/periods/2026-Q3/status', { token: staff87 })).status).toBe(403);
  });

  it("with readsHistoryOf: [\"87\"] in 82's configuration, 82 reads 87's 2021 reports; still not Tiền Giang's, and 87 still not 82's", async () => {
    await useRegistry(['87']);
    try {
      expect((await app.call('GET', '/v1/units/870/reports/2021-H1', { token: staff82 })).status).toBe(200);
      expect((await app.call('GET', '/v1/provinces/87/periods/2021-H1/status', { token: staff82 })).status).toBe(200);
      expect((await app.call('GET', '/v1/provinces/82/periods/2021-H1/status', { token: staff82 })).status).toBe(403);
      expect((await app.call('GET', '/v1/units/28297/reports/2026-Q3', { token: staff87 })).status).toBe(403);
    } finally {
      await useRegistry([]);
    }
    expect((await app.call('GET', '/v1/units/870/reports/2021-H1', { token: staff82 })).status).toBe(403);
  });

  it("82's forms configuration picks the form: with only the national form, 28297 gets it for 2026-Q2 instead of 82's own quarterly form", async () => {
    const form = async () => (await app.call('GET', '/v1/units/28297/reports/2026-Q2/form', { token: reporter28297 })).body.form;
    expect((await form()).id).toBe('commune-quarterly');
    const data = structuredClone(seed);
    data.version = 'test-forms-only';
    data.provinces.find((p) => p.code === '82')!.forms = { only: ['nq76-six-areas'], pinned: [] };
    await new DynamoRegistryStore(documentClient(), app.table).save(data);
    resetContexts();
    try {
      expect((await form()).id).toBe('nq76-six-areas');
    } finally {
      await useRegistry([]);
    }
    expect((await form()).id).toBe('commune-quarterly');
  });

  it("stored reports keep their home: the table lists them, and moving 871's report elsewhere would be refused", async () => {
    const store = new DynamoRegistryStore(documentClient(), app.table);
    const homes = await store.reportHomes();
    expect(homes).toEqual(
      expect.arrayContaining([
        { unit: '870', period: '2021-H1', province: '87' },
        { unit: '28297', period: '2026-Q3', province: '82' },
      ]),
    );
    expect(strandedReports(new Registry((await store.load())!), homes)).toEqual([]);
    const moved = structuredClone(seed);
    moved.units.find((u) => u.code === '870')!.parentCode = '89';
    expect(strandedReports(new Registry(moved), homes)).toEqual([{ unit: '870', period: '2021-H1', province: '87', newProvince: '89' }]);
  });
});

/**
 * Forms end to end on the real stack (local server, DynamoDB Local, s3rver): the three
 * examples through PUT and GET with their documents, the forms endpoints, every bad
 * input of the form-driven body (4xx, Vietnamese message, path, nothing stored), a form
 * revision, and the forms command on the real table.
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { formsCommand } from '../../scripts/forms-command.ts';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoFormStore } from '../../shared/adapters/dynamo.ts';
import { FormCatalog } from '../../shared/forms/catalog.ts';
import type { FormDef } from '../../shared/forms/model.ts';
import { seedFile, startTestApp, type TestApp } from '../support/app.ts';
import { headingsOf, outlineHeadings } from './headings.ts';

let app: TestApp;
const tokens: Record<string, string> = {};
const readExample = (name: string) => JSON.parse(readFileSync(new URL(`../../data/examples/${name}.json`, import.meta.url), 'utf8'));

beforeAll(async () => {
  app = await startTestApp();
  for (const unit of ['870', '871', '28297', '28360']) tokens[unit] = await app.token('reporter', unit);
  tokens.province = await app.token('province', '87');
});
afterAll(async () => app?.close());

const unchanged = <T>(fn: () => Promise<T>): Promise<T> => app.unchanged(fn);

async function documentXml(unit: string, period: string, version?: number): Promise<{ xml: string; bytes: Buffer }> {
  const q = version ? `?version=${version}` : '';
  await app.settle(); // documents are built off the request path, from the table's stream
  const d = await app.call('GET', `/v1/units/${unit}/reports/${period}/document${q}`, { token: tokens[unit] });
  expect(d.status, d.text).toBe(200);
  const bytes = Buffer.from(await (await fetch(d.body.url)).arrayBuffer());
  return { xml: await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string'), bytes };
}

async function formOf(unit: string, period: string): Promise<{ form: FormDef; facts: any }> {
  const choice = await app.call('GET', `/v1/units/${unit}/reports/${period}/form`, { token: tokens[unit] });
  expect(choice.status, choice.text).toBe(200);
  const f = await app.call('GET', choice.body.form.href, { token: tokens[unit] });
  expect(f.status).toBe(200);
  return { form: f.body.form, facts: choice.body.header };
}

// Each builds a .docx inline on a cold server: slow on a loaded machine.
describe('the three example reports', { timeout: 120_000 }, () => {
  it.each([
    ['870', '2021-H1', 'dong-thap-2021', 3],
    ['28297', '2026-Q3', 'nq76-six-areas', 0],
    ['28360', '2026-Q2', 'commune-quarterly', 0],
  ] as const)("%s %s (%s): PUT, GET unchanged, and a document whose headings are the outline's", async (unit, period, id, warnings) => {
    const body = readExample(`${unit}-${period}`);
    const url = `/v1/units/${unit}/reports/${period}`;
    const put = await app.call('PUT', url, { token: tokens[unit], body });
    expect(put.status, put.text).toBe(201);
    expect(put.body.warnings).toHaveLength(warnings);
    const get = await app.call('GET', url, { token: tokens[unit] });
    expect(get.body.content).toEqual(body);
    expect(get.body.content.form).toEqual({ id, version: 1 });
    const { form, facts } = await formOf(unit, period);
    expect(form.id).toBe(id);
    const { xml } = await documentXml(unit, period);
    expect(headingsOf(xml, form, facts)).toEqual(outlineHeadings(form, facts));
    expect(xml).toContain(facts.summary);
  });
});

describe('the forms endpoints', () => {
  it('GET /v1/forms lists each form with its versions; any role may read', async () => {
    const r = await app.call('GET', '/v1/forms', { token: tokens.province });
    expect(r.status).toBe(200);
    expect(r.body.forms.map((f: any) => f.id)).toEqual(['commune-quarterly', 'dong-thap-2021', 'nq76-six-areas']);
    expect(r.body.forms[0].versions).toEqual([1]);
    expect((await app.call('GET', '/v1/forms')).status).toBe(401);
  });

  it('GET /v1/forms/{id} gives the form and the JSON Schema of its body; ?version=N; unknown ones are 404', async () => {
    const r = await app.call('GET', '/v1/forms/nq76-six-areas', { token: tokens['870'] });
    expect(r.status).toBe(200);
    expect(r.body.form.indicators.length).toBeGreaterThanOrEqual(38);
    expect(r.body.schema.properties.form.properties.id.const).toBe('nq76-six-areas');
    expect(Object.keys(r.body.schema.properties.values.properties)).toContain('PLAN_TASKS_RATIO');
    expect((await app.call('GET', '/v1/forms/nq76-six-areas?version=1', { token: tokens['870'] })).body.form.version).toBe(1);
    const none = await app.call('GET', '/v1/forms/no-such-form', { token: tokens['870'] });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('UNKNOWN_FORM');
    expect(none.body.error.message).toContain('Không có biểu mẫu');
    expect((await app.call('GET', '/v1/forms/nq76-six-areas?version=7', { token: tokens['870'] })).body.error.code).toBe(
      'UNKNOWN_FORM_VERSION',
    );
  });

  it('GET .../form says which form applies and the header facts the server supplies', async () => {
    const r = await app.call('GET', '/v1/units/870/reports/2021-9M/form', { token: tokens['870'] });
    expect(r.status).toBe(200);
    expect(r.body.form).toMatchObject({ id: 'dong-thap-2021', version: 1 });
    expect(r.body.header).toMatchObject({
      unitName: 'Huyện Hồng Ngự',
      issuingAuthority: 'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ',
      place: 'Hồng Ngự',
      periodLabel: '09 tháng đầu năm 2021',
      nextPeriodLabel: 'Quý IV năm 2021',
      summary: 'Công tác cải cách hành chính 09 tháng đầu năm 2021',
      recipients: 'required',
    });
    expect(r.body.header.deadline).toMatch(/^2021-09-1\d$/);
    const q2 = await app.call('GET', '/v1/units/28297/reports/2026-Q2/form', { token: tokens['28297'] });
    expect(q2.body.form.id).toBe('commune-quarterly');
    // 870 was dissolved on 1 July 2025: no unit holds the code in 2026.
    const gone = await app.call('GET', '/v1/units/870/reports/2026-Q1/form', { token: tokens['870'] });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'UNIT_NOT_IN_FORCE']);
    // Xã Thường Phước 1 (29956, under 870; its code not reused) existed in 2021, but districts reported then.
    const commune2021 = await app.call('GET', '/v1/units/29956/reports/2021-H1/form', { token: await app.token('reporter', '29956') });
    expect([commune2021.status, commune2021.body.error.code]).toEqual([422, 'UNIT_NOT_REPORTING']);
    expect((await app.call('GET', '/v1/units/871/reports/2021-H1/form', { token: tokens['870'] })).status).toBe(403);
  });
});

describe('bad input against the form: 422, a Vietnamese message with the path, nothing stored', () => {
  const seed = () => {
    const b = seedFile();
    delete b.header.issuingAuthority;
    delete b.header.place;
    delete b.header.summary;
    return b;
  };
  const cases: [string, string, string, () => Record<string, any>, string, string, RegExp][] = [
    [
      'an unknown form',
      '870',
      '2021-Q3',
      () => ({ ...seed(), form: { id: 'no-such-form', version: 1 } }),
      '$.form.id',
      'UNKNOWN_FORM_REF',
      /Không có biểu mẫu no-such-form/,
    ],
    [
      'a form that does not apply to this unit and period',
      '870',
      '2021-Q3',
      () => ({ ...seed(), form: { id: 'nq76-six-areas', version: 1 } }),
      '$.form',
      'FORM_NOT_APPLICABLE',
      /không áp dụng/,
    ],
    [
      'a version that does not exist',
      '870',
      '2021-Q3',
      () => ({ ...seed(), form: { id: 'dong-thap-2021', version: 2 } }),
      '$.form.id',
      'UNKNOWN_FORM_REF',
      /dong-thap-2021 v1/,
    ],
    [
      'an indicator the form lacks',
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.values.PLAN_TASKS_RATIO = { value: 50 };
        return b;
      },
      '$.values.PLAN_TASKS_RATIO',
      'UNKNOWN_FIELD',
      /không được phép/,
    ],
    [
      'a value of the wrong type',
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.values.RADIO_COLUMN.value = 'có';
        return b;
      },
      '$.values.RADIO_COLUMN.value',
      'INVALID_TYPE',
      /./,
    ],
    [
      "a breakdown key outside the form's list",
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.values.LATE_DOSSIERS.levels.unit.breakdown.field[0].key = 'dat_dai_sai';
        return b;
      },
      '$.values.LATE_DOSSIERS.levels.unit.breakdown.field[0].key',
      'INVALID_VALUE',
      /./,
    ],
    [
      'a level key the indicator lacks',
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.values.LATE_DOSSIERS.levels.province = { value: 1 };
        return b;
      },
      '$.values.LATE_DOSSIERS.levels.province',
      'UNKNOWN_FIELD',
      /./,
    ],
    [
      'a block the section does not hold',
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.sections.communication.items = ['x'];
        return b;
      },
      '$.sections.communication.items',
      'UNKNOWN_FIELD',
      /./,
    ],
    [
      'a sub-unit not under this unit in the registry',
      '870',
      '2021-Q3',
      () => {
        const b = seed();
        b.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].unit = '28297';
        return b;
      },
      '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].unit',
      'SUBUNIT_NOT_UNDER_UNIT',
      /không trực thuộc Huyện Hồng Ngự/,
    ],
    [
      "the Hồng Ngự report sent as Tam Nông's (871)",
      '871',
      '2021-H1',
      () => seedFile(),
      '$.header.issuingAuthority',
      'FACT_MISMATCH',
      /HUYỆN TAM NÔNG/,
    ],
    [
      "the first-half report sent as the year's (2021-Y)",
      '870',
      '2021-Y',
      () => seedFile(),
      '$.header.summary',
      'FACT_MISMATCH',
      /năm 2021/,
    ],
    ['the first-half 2021 report sent as 2022-Y', '870', '2022-Y', () => seedFile(), '$.header.date', 'PERIOD_MISMATCH', /tháng 06\/2021/],
    [
      'a ratio that does not match its parts (23/39 is not 60 %)',
      '28297',
      '2026-Q4',
      () => {
        const b = readExample('28297-2026-Q3');
        b.header.date.month = 12;
        b.values.PLAN_TASKS_RATIO.value = 60;
        return b;
      },
      '$.values.PLAN_TASKS_RATIO.value',
      'RULE_RATIO',
      /58\.97/,
    ],
    [
      'parts above their whole, level by level',
      '28297',
      '2026-Q4',
      () => {
        const b = readExample('28297-2026-Q3');
        b.header.date.month = 12;
        b.values.DOSSIERS_PENDING.levels.unit.value = 100;
        return b;
      },
      '$.values.DOSSIERS_RECEIVED.levels.unit.value',
      'RULE_PART_OF_WHOLE',
      /Tại đơn vị: tổng/,
    ],
    [
      "a level the unit's tier lacks (a commune has no commune level)",
      '28297',
      '2026-Q4',
      () => {
        const b = readExample('28297-2026-Q3');
        b.header.date.month = 12;
        b.values.DOSSIERS_ON_TIME.levels.commune = { value: 0 };
        return b;
      },
      '$.values.DOSSIERS_ON_TIME.levels.commune',
      'LEVEL_NOT_FOR_TIER',
      /bỏ trống, không ghi 0/,
    ],
    [
      'a required section left empty',
      '28360',
      '2026-Q1',
      () => {
        const b = readExample('28360-2026-Q2');
        b.header.date.month = 3;
        delete b.sections.nextTasks;
        return b;
      },
      '$.sections.nextTasks',
      'SECTION_REQUIRED',
      /bắt buộc/,
    ],
    [
      'recipients on a form that prints no "Kính gửi"',
      '28360',
      '2026-Q1',
      () => {
        const b = readExample('28360-2026-Q2');
        b.header.date.month = 3;
        b.header.recipients = ['Sở Nội vụ'];
        return b;
      },
      '$.header.recipients',
      'TOO_BIG',
      /./,
    ],
  ];

  it.each(cases)('%s', async (_name, unit, period, body, path, code, message) => {
    const r = await unchanged(() => app.call('PUT', `/v1/units/${unit}/reports/${period}`, { token: tokens[unit], body: body() }));
    expect(r.status, r.text).toBe(422);
    const d = r.body.error.details.find((x: any) => x.path === path);
    expect(d, JSON.stringify(r.body.error.details)).toBeDefined();
    expect(d.code).toBe(code);
    expect(d.message).toMatch(message);
    expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.ts:\d+|node_modules|Error:/);
  });

  it('answers in English with Accept-Language: en', async () => {
    const r = await app.call('PUT', '/v1/units/871/reports/2021-H1', {
      token: tokens['871'],
      body: seedFile(),
      headers: { 'accept-language': 'en' },
    });
    expect(r.body.error.details[0].message).toContain('contradicts what the service knows');
  });

  it('a sub-unit name the registry does not list under this unit is a warning', async () => {
    const b = seed();
    b.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name = 'Xã Không Có';
    const r = await app.call('POST', '/v1/units/870/reports/2021-Q3/validate', { token: tokens['870'], body: b });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'SUBUNIT_UNKNOWN_NAME', path: '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name' }),
    );
  });
});

describe('a form revision', { timeout: 120_000 }, () => {
  it('a report on v1 keeps v1 and its document; a new report gets v2', async () => {
    const catalog = new FormCatalog(new DynamoFormStore(documentClient(), app.table));
    const v1 = await catalog.get('commune-quarterly');
    const before = await documentXml('28360', '2026-Q2');
    const v2 = structuredClone(v1) as FormDef;
    v2.version = 2;
    v2.outline.find((s) => s.id === 'results')!.children.find((s) => s.id === 'digital')!.title = 'Chuyển đổi số, xây dựng chính quyền số';
    const lines: string[] = [];
    expect(await formsCommand(catalog, JSON.stringify(v2), (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toContain('Đã thêm biểu mẫu commune-quarterly phiên bản 2');
    resetContexts(); // the service caches forms for a minute

    // The existing report's amendment stays on v1, and v1's document is byte for byte the same.
    const amended = readExample('28360-2026-Q2');
    amended.sections.digital.items.push('Cập nhật dữ liệu dân cư');
    const put = await app.call('PUT', '/v1/units/28360/reports/2026-Q2', {
      token: tokens['28360'],
      body: amended,
      headers: { 'if-match': '"1"' },
    });
    expect(put.status, put.text).toBe(201);
    expect((await app.call('GET', '/v1/units/28360/reports/2026-Q2/form', { token: tokens['28360'] })).body).toMatchObject({
      form: { version: 1 },
      fixedByReport: true,
    });
    const after = await documentXml('28360', '2026-Q2', 1);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    expect((await documentXml('28360', '2026-Q2', 2)).xml).toContain('2. Chuyển đổi số<');

    // A new report gets v2: naming v1 is refused at $.form, naming v2 is accepted and prints v2's outline.
    const fresh = readExample('28360-2026-Q2');
    const old = await unchanged(() => app.call('PUT', '/v1/units/28297/reports/2026-Q2', { token: tokens['28297'], body: fresh }));
    expect(old.status).toBe(422);
    expect(old.body.error.details[0]).toMatchObject({ path: '$.form', code: 'FORM_NOT_APPLICABLE' });
    expect(old.body.error.details[0].message).toContain('commune-quarterly v2');
    fresh.form.version = 2;
    fresh.closing = 'Trên đây là báo cáo của Ủy ban nhân dân phường Long Thuận./.';
    const created = await app.call('PUT', '/v1/units/28297/reports/2026-Q2', { token: tokens['28297'], body: fresh });
    expect(created.status, created.text).toBe(201);
    expect((await documentXml('28297', '2026-Q2')).xml).toContain('2. Chuyển đổi số, xây dựng chính quyền số');
  });

  it('the forms command: the same content again is a no-op, other content for a version is refused, a bad file lists every problem', async () => {
    const catalog = new FormCatalog(new DynamoFormStore(documentClient(), app.table));
    const v2 = await catalog.get('commune-quarterly', 2);
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    expect(await formsCommand(catalog, JSON.stringify(v2), out)).toBe(0);
    expect(lines.pop()).toContain('đã có, nội dung giống hệt');
    const changed = { ...v2, title: 'Tiêu đề khác' };
    await app.settle();
    const items = await app.scanTable();
    expect(await formsCommand(catalog, JSON.stringify(changed), out)).toBe(1);
    expect(lines.pop()).toContain('không sửa biểu mẫu đã ban hành, hãy tạo phiên bản mới');
    // A bundled version cannot be replaced either.
    const bundled = await catalog.get('dong-thap-2021', 1);
    expect(await formsCommand(catalog, JSON.stringify({ ...bundled, title: 'Khác' }), out)).toBe(1);
    expect(await formsCommand(catalog, JSON.stringify({ ...v2, version: 5 }), out)).toBe(1);
    expect(lines.pop()).toContain('phiên bản tiếp theo phải là 3');
    lines.length = 0;
    const bad = {
      ...v2,
      version: 3,
      outline: [...v2.outline, { ...v2.outline[0]! }],
      rules: [...v2.rules, { id: 'x', kind: 'required', indicator: 'KHONG_CO' }],
    };
    expect(await formsCommand(catalog, JSON.stringify(bad), out)).toBe(1);
    expect(lines[0]).toBe('Tệp biểu mẫu không hợp lệ: có lỗi cần sửa.');
    expect(lines.slice(1).join('\n')).toMatch(/\$\.outline\[4\]\.id: Trùng mã section "direction"/);
    expect(lines.slice(1).join('\n')).toMatch(/\$\.rules\[5\]\.indicator: Chỉ tiêu "KHONG_CO" không có trong biểu mẫu/);
    expect(await formsCommand(catalog, '{not json', out)).toBe(1);
    expect(await app.scanTable()).toEqual(items);
    // Listing.
    lines.length = 0;
    expect(await formsCommand(catalog, undefined, out)).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/^commune-quarterly v1, v2: /));
  });
});

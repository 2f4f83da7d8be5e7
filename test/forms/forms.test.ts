/**
 * Forms as data, without storage: the form file checks (every problem listed), the
 * bundled forms and their examples, form selection, the server's header facts, the
 * nine-month period, and a bounded property test over generated forms and reports.
 */
import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildReportDocx } from '../../shared/documents/report-docx.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { findCycle, parseFormFile } from '../../shared/forms/check-form.ts';
import { placeOfName, reportFacts, sameFact } from '../../shared/forms/facts.ts';
import type { FormDef, FormInput } from '../../shared/forms/model.ts';
import { reportJsonSchema, reportSchema } from '../../shared/forms/report-schema.ts';
import { selectForm } from '../../shared/forms/select.ts';
import { nextPeriodLabel, parsePeriod, periodLabel, previousPeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseRegistry, Registry } from '../../shared/registry/registry.ts';
import { checkBody } from '../support/report.ts';
import { headingsOf, outlineHeadings } from './headings.ts';

const FORM_FILES = ['dong-thap-2021-v1', 'nq76-six-areas-v1', 'commune-quarterly-v1'];
const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const form = (id: string) => bundledForms().find((f) => f.id === id)!;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a form file as JSON, edited into bad shapes
const dongThap = (): any => structuredClone(readJson('data/forms/dong-thap-2021-v1.json'));

describe('the bundled forms', () => {
  it.each(FORM_FILES)('%s is a sound form file, named by its id and version', (name) => {
    const json = readJson(`data/forms/${name}.json`);
    const r = parseFormFile(json);
    expect(r.ok, JSON.stringify(!r.ok && r.problems)).toBe(true);
    if (r.ok) expect(`${r.form.id}-v${r.form.version}`).toBe(name);
    const size = statSync(new URL(`../../data/forms/${name}.json`, import.meta.url)).size;
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(64 * 1024);
  });

  it('the national form covers the six reform areas with strengths, weaknesses and causes, and about 40 indicators', () => {
    const f = form('nq76-six-areas');
    const areas = f.outline.find((s) => s.id === 'areas')!.children;
    expect(areas.map((a) => a.title)).toEqual([
      'Cải cách thể chế',
      'Cải cách thủ tục hành chính',
      'Cải cách tổ chức bộ máy hành chính nhà nước',
      'Cải cách chế độ công vụ',
      'Cải cách tài chính công',
      'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số',
    ]);
    for (const a of areas) expect(a.children.map((c) => c.compile)).toEqual(['strengths', 'weaknesses', 'causes']);
    expect(f.indicators.length).toBeGreaterThanOrEqual(38);
    expect(f.description).toMatch(/đề cương quốc gia/);
    expect(f.description).toMatch(/không phải là phụ lục chính thức/);
    expect(f.appliesTo).toMatchObject({ provinces: [], tiers: ['commune', 'department'], validFrom: '2025-07-01' });
    // The figures provinces commonly report.
    for (const code of [
      'PLAN_TASKS_DONE',
      'PLAN_TASKS_TOTAL',
      'PLAN_TASKS_RATIO',
      'INSPECTIONS_DONE',
      'INSPECTIONS_PLANNED',
      'PROCEDURES_PUBLISHED',
      'PROCEDURES_SIMPLIFIED',
      'PROCEDURES_DECENTRALISED',
      'DOSSIERS_RECEIVED',
      'DOSSIERS_ON_TIME',
      'DOSSIERS_LATE',
      'DOSSIERS_PENDING',
      'ONLINE_SERVICES_FULL',
      'ONLINE_SERVICES_PARTIAL',
      'ONLINE_DOSSIERS',
      'SATISFACTION',
    ])
      expect(f.indicators.map((i) => i.code)).toContain(code);
    expect(f.rules).toContainEqual(
      expect.objectContaining({
        kind: 'ratio',
        indicator: 'PLAN_TASKS_RATIO',
        numerator: 'PLAN_TASKS_DONE',
        denominator: 'PLAN_TASKS_TOTAL',
      }),
    );
  });

  it('the commune form has section I with dash items and no "Kính gửi"', () => {
    const f = form('commune-quarterly');
    expect(f.outline[0]).toMatchObject({ numbering: 'upper-roman', title: 'Công tác chỉ đạo, điều hành CCHC', itemNumbering: 'dash' });
    expect(f.document.recipients).toBe('none');
  });

  it.each([
    ['870', '2021-H1', 'dong-thap-2021', 3],
    ['28297', '2026-Q3', 'nq76-six-areas', 0],
    ['28360', '2026-Q2', 'commune-quarterly', 0],
  ] as const)(
    'the example %s %s is accepted on %s, round-trips unchanged and its document follows the outline',
    async (unit, period, id, warnings) => {
      const body = readJson(`data/examples/${unit}-${period}.json`);
      const c = checkBody(unit, period, body);
      expect(c.form.id).toBe(id);
      expect(c.errors).toEqual([]);
      expect(c.warnings).toHaveLength(warnings);
      expect(JSON.stringify(c.report)).toBe(JSON.stringify(body));
      const docx = await buildReportDocx(
        { body: c.report, form: c.form, facts: c.facts },
        { unitCode: unit, unitName: c.facts.unitName, period, version: 1 },
      );
      const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
      expect(headingsOf(xml, c.form, c.facts)).toEqual(outlineHeadings(c.form, c.facts));
    },
  );

  it('the seed keeps its three date warnings, at their paths', () => {
    const c = checkBody('870', '2021-H1', readJson('data/examples/870-2021-H1.json'));
    expect(c.warnings.map((w) => [w.code, w.params.number])).toEqual([
      ['DOC_DATED_AFTER_REPORT', '228/KH-UBND'],
      ['DOC_DATED_AFTER_REPORT', '217/KH-UBND'],
      ['DOC_DATED_AFTER_REPORT', '218/KH-UBND'],
    ]);
    expect(c.warnings[2]!.path).toBe('$.sections.inspection.documents[0].date');
  });
});

describe('a form file is checked as a whole', () => {
  const problems = (f: unknown) => {
    const r = parseFormFile(f);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems;
  };

  it('lists every problem at once, with its path and a Vietnamese message', () => {
    const f = dongThap();
    f.indicators!.push({ ...f.indicators![0]! }); // duplicate code
    f.outline[1]!.id = 'situation'; // duplicate section id
    f.lists!.push({ ...f.lists![0]! }); // duplicate list id
    f.rules!.push({ id: 'ghost', kind: 'required', indicator: 'NO_SUCH_CODE' }); // a rule naming a missing indicator
    f.outline[0]!.children![0]!.indicators!.push('ALSO_MISSING'); // a section naming a missing indicator
    f.indicators!.push({
      code: 'SHARE',
      label: 'Tỷ lệ',
      type: 'percent',
      aggregate: { kind: 'ratio', numerator: 'NOPE', denominator: 'ONLINE_DOSSIERS' },
    });
    f.indicators!.push({
      code: 'FLAG',
      label: 'Cờ',
      type: 'boolean',
      breakdowns: [{ kind: 'list', id: 'x', label: 'X', list: 'missing-list' }],
      aggregate: { kind: 'countYes' },
    });
    const p = problems(f);
    const codes = p.map((x) => `${x.code} ${x.path}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'FORM_DUPLICATE $.lists[1].id',
        `FORM_DUPLICATE $.indicators[${f.indicators!.length - 3}].code`,
        'FORM_DUPLICATE $.outline[1].id',
        `FORM_UNKNOWN_INDICATOR $.rules[${f.rules!.length - 1}].indicator`,
        'FORM_UNKNOWN_INDICATOR $.outline[0].children[0].indicators[3]',
        `FORM_UNKNOWN_INDICATOR $.indicators[${f.indicators!.length - 2}].aggregate.numerator`,
        `FORM_BREAKDOWN_MISUSE $.indicators[${f.indicators!.length - 1}].breakdowns[0]`,
        `FORM_UNKNOWN_LIST $.indicators[${f.indicators!.length - 1}].breakdowns[0].list`,
      ]),
    );
    expect(p.find((x) => x.code === 'FORM_UNKNOWN_INDICATOR')!.message).toMatch(/không có trong biểu mẫu/);
    expect(parseFormFile(f, 'en').ok || (parseFormFile(f, 'en') as { problems: { message: string }[] }).problems[0]!.message).toMatch(
      /Duplicate|not in the form|misused|list/,
    );
  });

  it('refuses a cycle of ratio rules, and of part-of-whole rules, naming the loop', () => {
    const ratio = dongThap();
    ratio.rules!.push(
      { id: 'r1', kind: 'ratio', indicator: 'ONLINE_FULL', numerator: 'ONLINE_PARTIAL', denominator: 'ONLINE_DOSSIERS' },
      { id: 'r2', kind: 'ratio', indicator: 'ONLINE_PARTIAL', numerator: 'ONLINE_FULL', denominator: 'ONLINE_DOSSIERS' },
    );
    const p1 = problems(ratio).filter((x) => x.code === 'FORM_CYCLE');
    expect(p1).toHaveLength(1);
    expect(p1[0]!.message).toContain('ONLINE_FULL → ONLINE_PARTIAL → ONLINE_FULL');
    const parts = dongThap();
    parts.rules!.push({ id: 'loop', kind: 'partOfWhole', parts: ['DOSSIERS_RECEIVED'], whole: 'DOSSIERS_ON_TIME' });
    expect(problems(parts).map((x) => x.code)).toContain('FORM_CYCLE');
    // A diamond (two rules sharing parts) is not a cycle.
    expect(
      findCycle(
        new Map([
          ['A', new Set(['B', 'C'])],
          ['B', new Set(['D'])],
          ['C', new Set(['D'])],
        ]),
      ),
    ).toBeUndefined();
    expect(findCycle(new Map([['A', new Set(['A'])]]))).toEqual(['A', 'A']);
  });

  it('refuses an empty outline, and an outline with nothing to fill in', () => {
    expect(problems({ ...dongThap(), outline: [] }).map((x) => x.path)).toContain('$.outline');
    const hollow = dongThap();
    hollow.outline = [{ id: 'only', numbering: 'upper-roman', title: 'Mục trống' }];
    hollow.rules = [];
    hollow.indicators = [];
    expect(problems(hollow)).toEqual([expect.objectContaining({ code: 'FORM_EMPTY_OUTLINE', path: '$.outline' })]);
  });

  it('refuses a level breakdown that is not first, and a breakdownSum naming no breakdown of its indicator', () => {
    const f = dongThap();
    const late = f.indicators!.find((i: { code: string }) => i.code === 'LATE_DOSSIERS')!;
    late.breakdowns = [late.breakdowns![1]!, late.breakdowns![0]!];
    f.rules!.push({ id: 'bs', kind: 'breakdownSum', indicator: 'ONLINE_FULL', breakdown: 'field' });
    const codes = problems(f).map((x) => x.code);
    expect(codes).toContain('FORM_BREAKDOWN_MISUSE');
    expect(codes).toContain('FORM_UNKNOWN_BREAKDOWN');
  });
});

describe('form selection, never by the client', () => {
  const registry = bundledRegistry();
  const pick = (unit: string, period: string, forms: FormDef[] = bundledForms(), reg: Registry = registry) =>
    selectForm(forms, {
      province: reg.provinceOn(unit, reg.referenceDate(parsePeriod(period)!))!.code,
      tier: reg.unitForPeriod(unit, parsePeriod(period)!)!.kind,
      period: parsePeriod(period)!,
    });

  it('by province, tier and period', () => {
    expect(pick('870', '2021-H1')).toMatchObject({ ok: true, form: { id: 'dong-thap-2021' } });
    expect(pick('870', '2021-9M')).toMatchObject({ ok: true, form: { id: 'dong-thap-2021' } });
    expect(pick('28297', '2026-Q3')).toMatchObject({ ok: true, form: { id: 'nq76-six-areas' } });
    // The province's own quarterly form comes before the national one for Q1 and Q2.
    expect(pick('28297', '2026-Q2')).toMatchObject({ ok: true, form: { id: 'commune-quarterly' } });
    expect(pick('28360', '2026-H1')).toMatchObject({ ok: true, form: { id: 'nq76-six-areas' } });
    // Before the national form's validity: none.
    expect(pick('28297', '2025-Q2')).toEqual({ ok: false, reason: 'none' });
  });

  it('the newest version of a form applies; two forms of the same standing are reported as ambiguous', () => {
    const v2 = { ...form('commune-quarterly'), version: 2 };
    expect(pick('28360', '2026-Q2', [...bundledForms(), v2])).toMatchObject({ ok: true, form: { id: 'commune-quarterly', version: 2 } });
    const rival = { ...form('commune-quarterly'), id: 'rival' };
    expect(pick('28360', '2026-Q2', [...bundledForms(), rival])).toEqual({
      ok: false,
      reason: 'ambiguous',
      ids: ['commune-quarterly', 'rival'],
    });
  });

  it("a province's configuration narrows the choice: only some form ids, or a form pinned to a version", () => {
    const q2 = parsePeriod('2026-Q2')!;
    const v2 = { ...form('commune-quarterly'), version: 2 };
    const forms = [...bundledForms(), v2];
    const q = (config: { only?: string[]; pinned?: { id: string; version: number }[] }) =>
      selectForm(forms, { province: '82', tier: 'commune', period: q2, config });
    expect(q({})).toMatchObject({ ok: true, form: { id: 'commune-quarterly', version: 2 } });
    expect(q({ pinned: [{ id: 'commune-quarterly', version: 1 }] })).toMatchObject({
      ok: true,
      form: { id: 'commune-quarterly', version: 1 },
    });
    // Without its own form the province falls back to the national one.
    expect(q({ only: ['nq76-six-areas'] })).toMatchObject({ ok: true, form: { id: 'nq76-six-areas' } });
    expect(q({ only: ['dong-thap-2021'] })).toEqual({ ok: false, reason: 'none' });
    // The configuration in the registry reaches the selection through the province's config.
    const data = structuredClone(bundledRegistry().data);
    data.provinces.find((x) => x.code === '82')!.forms = { only: ['nq76-six-areas'], pinned: [] };
    const reg = new Registry(data);
    expect(selectForm(forms, { province: '82', tier: 'commune', period: q2, config: reg.provinceConfig('82')?.forms })).toMatchObject({
      ok: true,
      form: { id: 'nq76-six-areas' },
    });
  });
});

describe('what the server supplies', () => {
  const registry = parseRegistry({
    ...bundledRegistry().data,
    units: [
      ...bundledRegistry().data.units,
      { code: '8201', name: 'Sở Tài chính', kind: 'department', parentCode: '82', validFrom: '2025-07-01', validTo: null },
      {
        code: '8202',
        name: 'Ban Quản lý các khu công nghiệp',
        kind: 'department',
        parentCode: '82',
        validFrom: '2025-07-01',
        validTo: null,
        authority: 'BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP',
        place: 'Cao Lãnh',
      },
    ],
  });
  const facts = (unit: string, period: string, f = 'nq76-six-areas') =>
    reportFacts(registry, registry.unitForPeriod(unit, parsePeriod(period)!)!, parsePeriod(period)!, form(f));

  it('derives the authority, parent line and place from the unit', () => {
    expect(facts('870', '2021-H1', 'dong-thap-2021')).toMatchObject({
      issuingAuthority: 'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ',
      place: 'Hồng Ngự',
      periodLabel: '06 tháng đầu năm 2021',
      nextPeriodLabel: 'Quý III năm 2021',
      summary: 'Công tác cải cách hành chính 06 tháng đầu năm 2021',
    });
    expect(facts('870', '2021-H1', 'dong-thap-2021').parentAuthority).toBeUndefined();
    expect(facts('8201', '2026-Q3')).toMatchObject({
      issuingAuthority: 'SỞ TÀI CHÍNH',
      parentAuthority: 'UBND TỈNH ĐỒNG THÁP',
      place: 'Đồng Tháp',
    });
    expect(facts('28297', '2026-Q3')).toMatchObject({ issuingAuthority: 'ỦY BAN NHÂN DÂN PHƯỜNG LONG THUẬN', place: 'Long Thuận' });
    expect(facts('28297', '2026-Q3').summary).toBe('Kết quả thực hiện công tác cải cách hành chính quý III năm 2026');
    // The registry's own words win.
    expect(facts('8202', '2026-Q3')).toMatchObject({ issuingAuthority: 'BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP', place: 'Cao Lãnh' });
    expect(placeOfName('Thị trấn Thường Thới Tiền')).toBe('Thường Thới Tiền');
    expect(sameFact('UBND huyện Hồng Ngự', 'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ')).toBe(true);
    expect(sameFact('ỦY BAN NHÂN DÂN HUYỆN TAM NÔNG', 'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ')).toBe(false);
  });

  it('the nine-month period: window 15/12 → 14/09, its label and neighbours', () => {
    const p = parsePeriod('2021-9M')!;
    expect([p.cutoffStart, p.cutoffEnd]).toEqual(['2020-12-15', '2021-09-14']);
    expect(periodLabel(p)).toBe('09 tháng đầu năm 2021');
    expect(nextPeriodLabel(p)).toBe('Quý IV năm 2021');
    expect(previousPeriod(p)).toBe('2020-9M');
    expect(nextPeriodLabel(parsePeriod('2021-Q4')!)).toBe('Quý I năm 2022');
    expect(nextPeriodLabel(parsePeriod('2021-Y')!)).toBe('năm 2022');
  });
});

// ---------------------------------------------------------------------------
// Property: generated forms and generated valid reports.

const code = (i: number) => `IND_${i}`;

/** A bounded random form: up to 3 levels of sections, up to 8 indicators, a ratio and a part-of-whole rule. */
const formArb = fc
  .record({
    sections: fc.array(
      fc.record({
        numbering: fc.constantFrom('upper-roman', 'arabic', 'decimal', 'lower-alpha', 'dash', 'none'),
        blocks: fc.subarray(['paragraphs', 'documents', 'events', 'items'] as const, { minLength: 1 }),
        title: fc.constantFrom('Công tác chỉ đạo', 'Kết quả thực hiện', 'Khó khăn, vướng mắc', 'Nhiệm vụ {nextPeriod}', 'Đánh giá chung'),
        inline: fc.boolean(),
        depth: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    indicators: fc.array(fc.constantFrom('count', 'percent', 'decimal', 'boolean', 'date', 'text', 'choice'), {
      minLength: 2,
      maxLength: 8,
    }),
    levels: fc.boolean(),
    recipients: fc.constantFrom('required', 'optional', 'none'),
  })
  .map(({ sections, indicators, levels, recipients }) => {
    const outline: NonNullable<FormInput['outline']> = [];
    const stack: { children?: unknown[] }[] = [];
    sections.forEach((s, i) => {
      const node = {
        id: `s${i}`,
        numbering: s.numbering,
        title: s.title,
        blocks: [...s.blocks],
        inline: s.inline,
        indicators: [] as string[],
        children: [],
      };
      const depth = Math.min(s.depth, stack.length);
      stack.length = depth;
      if (depth === 0) outline.push(node as never);
      else (stack[depth - 1]!.children as unknown[]).push(node);
      stack.push(node);
    });
    const inds = indicators.map((type, i) => ({
      code: code(i),
      label: `Chỉ tiêu ${i + 1}`,
      type,
      unit: type === 'count' ? 'hồ sơ' : undefined,
      ...(type === 'choice' ? { list: 'opts' } : {}),
      breakdowns:
        type === 'count'
          ? [
              ...(levels
                ? [
                    {
                      kind: 'level',
                      levels: [
                        { key: 'unit', label: 'Tại đơn vị' },
                        { key: 'commune', label: 'Cấp xã' },
                      ],
                    },
                  ]
                : []),
              { kind: 'list', id: 'field', label: 'Theo lĩnh vực', list: 'opts' },
            ]
          : [],
      aggregate: { kind: type === 'boolean' ? 'countYes' : ['count', 'percent', 'decimal'].includes(type) ? 'sum' : 'none' },
    }));
    (outline[0] as { indicators: string[] }).indicators = inds.map((i) => i.code);
    const counts = inds.filter((i) => i.type === 'count').map((i) => i.code);
    const rules = counts.length >= 2 ? [{ id: 'pw', kind: 'partOfWhole', parts: [counts[1]], whole: counts[0] }] : [];
    return {
      id: 'generated',
      version: 1,
      title: 'Biểu mẫu sinh ngẫu nhiên',
      appliesTo: { provinces: [], tiers: ['district'], periodKinds: ['H1'], validFrom: '2000-01-01', validTo: null },
      document: { summaryTemplate: 'Báo cáo {period}', defaultSymbol: 'BC-UBND', recipients, appendixTitle: 'Số liệu {period}' },
      lists: [
        {
          id: 'opts',
          label: 'Lĩnh vực',
          options: [
            { key: 'a', label: 'Đất đai' },
            { key: 'b', label: 'Hộ tịch' },
          ],
        },
      ],
      outline,
      indicators: inds,
      rules,
    } as unknown as FormInput;
  });

/** A valid report for a form: every section and indicator filled, parts never above their whole. */
function reportArb(f: FormDef): fc.Arbitrary<Record<string, unknown>> {
  const flat: FormDef['outline'] = [];
  const walk = (ss: FormDef['outline']) => {
    for (const s of ss) {
      flat.push(s);
      walk(s.children);
    }
  };
  walk(f.outline);
  const text = fc.constantFrom('Triển khai kế hoạch cải cách hành chính', 'Tiếp nhận hồ sơ trực tuyến', 'Không có khó khăn lớn');
  const whole = f.rules.find((r) => r.kind === 'partOfWhole');
  return fc
    .record({
      n: fc.integer({ min: 0, max: 500 }),
      t: text,
      fill: fc.array(fc.boolean(), { minLength: flat.length, maxLength: flat.length }),
    })
    .map(({ n, t, fill }) => {
      const sections: Record<string, Record<string, unknown>> = {};
      flat.forEach((s, i) => {
        if (!fill[i] && !s.required) return;
        const b: Record<string, unknown> = {};
        for (const block of s.blocks) {
          if (block === 'paragraphs') b.paragraphs = [t];
          if (block === 'items') b.items = [t, `${t} năm sau`];
          if (block === 'documents') b.documents = [{ kind: 'Kế hoạch', number: '12/KH-UBND', date: '2021-01-05' }];
          if (block === 'events') b.events = [{ date: '2021-03-02', title: 'Hội nghị triển khai' }];
        }
        sections[s.id] = b;
      });
      const values: Record<string, unknown> = {};
      for (const ind of f.indicators) {
        const v =
          ind.type === 'count'
            ? whole?.kind === 'partOfWhole' && whole.parts.includes(ind.code)
              ? Math.floor(n / 2)
              : n
            : ind.type === 'percent'
              ? 42.5
              : ind.type === 'decimal'
                ? 3.25
                : ind.type === 'boolean'
                  ? true
                  : ind.type === 'date'
                    ? '2021-05-01'
                    : ind.type === 'text'
                      ? t
                      : 'a';
        const cell =
          ind.type === 'count' ? { value: v, breakdown: { field: [{ key: 'a', value: Math.floor((v as number) / 3) }] } } : { value: v };
        values[ind.code] = ind.breakdowns.some((b) => b.kind === 'level') ? { levels: { unit: cell } } : cell;
      }
      return {
        form: { id: f.id, version: f.version },
        header: {
          number: '',
          symbol: 'BC-UBND',
          date: { year: 2021, month: 6, day: 10 },
          recipients: f.document.recipients === 'none' ? [] : ['Sở Nội vụ'],
        },
        legalBasis: [],
        sections,
        values,
        distribution: ['Như trên', 'Lưu: VT'],
        signature: { lines: [{ prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' }], title: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
      };
    });
}

describe('property: any generated form and valid report', () => {
  const registry = bundledRegistry();
  const period = parsePeriod('2021-H1')!;

  it("is accepted, its document opens with the outline's headings, and a mutated value is refused at its path", async () => {
    await fc.assert(
      fc.asyncProperty(
        formArb.chain((input) => {
          const r = parseFormFile(input);
          if (!r.ok) throw new Error(`generated form invalid: ${JSON.stringify(r.problems)}`);
          return fc.tuple(fc.constant(r.form), reportArb(r.form), fc.nat());
        }),
        async ([f, body, pickAt]) => {
          const parsed = reportSchema(f).safeParse(body);
          expect(parsed.success, JSON.stringify(!parsed.success && parsed.error.issues.slice(0, 2))).toBe(true);
          const report = parsed.data!;
          const facts = reportFacts(registry, registry.unitForPeriod('870', period)!, period, f);
          const docx = await buildReportDocx(
            { body: report, form: f, facts },
            { unitCode: '870', unitName: facts.unitName, period: '2021-H1', version: 1 },
          );
          const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
          expect(headingsOf(xml, f, facts)).toEqual(outlineHeadings(f, facts));
          // Mutate one indicator's value to the wrong type: refused with its path.
          const codes = Object.keys(body.values as object);
          const target = codes[pickAt % codes.length]!;
          const mutated = structuredClone(body) as {
            values: Record<string, { value?: unknown; levels?: Record<string, { value?: unknown }> }>;
          };
          const cell = mutated.values[target]!.levels?.unit ?? mutated.values[target]!;
          cell.value = { wrong: true };
          const bad = reportSchema(f).safeParse(mutated);
          expect(bad.success).toBe(false);
          const path = mutated.values[target]!.levels ? ['values', target, 'levels', 'unit', 'value'] : ['values', target, 'value'];
          expect(bad.error!.issues.map((i) => i.path.join('.'))).toContain(path.join('.'));
          // The JSON Schema the editor gets is generated for the same form.
          expect(reportJsonSchema(f)).toMatchObject({ type: 'object', additionalProperties: false });
        },
      ),
      { numRuns: 25, seed: 20210614 },
    );
  });
});

/**
 * The rollup computation without any storage: forms and per-unit FormSummaries made as
 * fixtures (the seed's facts; a six-area form in two versions).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  compareCodes,
  computeRollup,
  digest,
  NOT_COMPARABLE,
  periodStatus,
  RollupBuilder,
  summaryJson,
} from '../../shared/rollup/compute.ts';
import { RollupSummary, type IndicatorTotal } from '../../shared/rollup/schema.ts';
import { districtSummary, input, record, registry2026, seedForm, seedSummary, sixAreaSummary, sixAreaV1, sixAreaV2 } from './fixtures.ts';

const ind = (s: RollupSummary, code: string) => s.indicators.find((i) => i.code === code) as IndicatorTotal;

describe('the seed report alone', () => {
  let s: RollupSummary;
  beforeEach(() => {
    s = computeRollup(input([record('870', seedSummary())]));
  });

  it('gives 1 of 12 reported and 11 missing, by unit code', () => {
    expect(s.completeness).toEqual({ expected: 12, reported: 1, onTime: 1, late: 0, missing: 11, unexpected: 0 });
    expect(s.units.map((u) => u.code)).toEqual(['866', '867', '868', '869', '870', '871', '872', '873', '874', '875', '876', '877']);
    expect(s.units.find((u) => u.code === '870')).toMatchObject({
      status: 'on_time',
      version: 1,
      name: 'Huyện Hồng Ngự',
      figures: { form: 'dt-test@1' },
    });
  });

  it('has its known totals: 10 inspected, 12 planned, 250 + 183 late dossiers, 228 Đất đai, 129 Xã Long Thuận', () => {
    expect(ind(s, 'KIEM_TRA')).toMatchObject({
      total: 10,
      coverage: { units: 1, of: 1, notCovered: [] },
      label: 'Số cơ quan, đơn vị đã kiểm tra CCHC',
    });
    expect(ind(s, 'DU_KIEN_KT').total).toBe(12);
    const late = ind(s, 'HS_TRE_HAN');
    expect(late.total).toBe(433);
    expect(late.levels.map((l) => [l.key, l.label, l.total])).toEqual([
      ['huyen', 'Cấp huyện', 250],
      ['xa', 'Cấp xã', 183],
    ]);
    const field = late.breakdowns.find((b) => b.id === 'field')!;
    expect(field).toMatchObject({ kind: 'list', label: 'Lĩnh vực', level: 'huyen', levelLabel: 'Cấp huyện' });
    expect(field.rows).toEqual([{ key: 'dat-dai', label: 'Đất đai', subunit: null, total: 228, units: [{ code: '870', value: 228 }] }]);
    const commune = late.breakdowns.find((b) => b.id === 'commune')!;
    expect(commune.rows.map((r) => [r.label, r.total, r.units[0]!.code])).toEqual([['Xã Long Thuận', 129, '870']]);
    expect([ind(s, 'KT_TAP_THE').total, ind(s, 'KT_CA_NHAN').total, ind(s, 'TIN_BAI_TINH').total, ind(s, 'TIN_BAI_DV').total]).toEqual([
      6, 21, 4, 5,
    ]);
    expect(ind(s, 'PHAT_THANH')).toMatchObject({ aggregate: 'countYes', total: 1 });
  });

  it("takes every indicator, code and label from the form, in the form's order", () => {
    expect(s.indicators.map((i) => i.code)).toEqual(seedForm.indicators.map((d) => d.code));
    expect(s.indicators.map((i) => i.label)).toEqual(seedForm.indicators.map((d) => d.label));
    expect(s.forms).toEqual([{ form: 'dt-test@1', id: 'dt-test', version: 1, title: seedForm.title, units: ['870'] }]);
  });

  it("keeps the data-quality checks with the unit name, the field's label and a Vietnamese message", () => {
    expect(s.dataQuality.count).toBe(3);
    expect(s.dataQuality.units).toBe(1);
    expect(s.dataQuality.items.map((q) => q.params.number)).toEqual(['217/KH-UBND', '218/KH-UBND', '228/KH-UBND']);
    for (const q of s.dataQuality.items) {
      expect(q).toMatchObject({ unit: '870', unitName: 'Huyện Hồng Ngự', field: 'Công tác chỉ đạo, điều hành CCHC' });
      expect(q.message).toContain('có thể nhầm năm');
    }
  });

  it('is as of the latest receipt, matches its schema, and has no previous period', () => {
    expect(s.asOf).toBe('2021-06-15T02:00:00.000Z');
    expect(s.period).toEqual({
      id: '2021-H1',
      label: '06 tháng đầu năm 2021',
      cutoffStart: '2020-12-15',
      cutoffEnd: '2021-06-14',
      deadline: '2021-06-16',
    });
    expect(RollupSummary.parse(s)).toEqual(s);
    expect(s.comparison).toBeNull();
  });
});

describe('several units on the same form', () => {
  const latest = [
    record('870', seedSummary(), { onTime: false, receivedAt: '2021-06-20T01:00:00.000Z' }),
    record(
      '866',
      districtSummary({
        inspected: 3,
        planned: 4,
        huyen: 40,
        xa: 30,
        fields: [
          ['dat-dai', 20],
          ['tu-phap', 15],
        ],
        communes: [['Xã  Mỹ Tân', 30]],
        radio: false,
      }),
    ),
    record(
      '877',
      districtSummary({
        inspected: 5,
        planned: 0,
        huyen: 300,
        xa: 0,
        fields: [
          ['dat-dai', 100],
          ['tu-phap', 200],
        ],
        communes: [],
      }),
      {
        receivedAt: '2021-06-16T10:00:00.000Z',
      },
    ),
  ];
  let s: RollupSummary;
  beforeEach(() => {
    s = computeRollup(input(latest));
  });

  it('sums only the reporting units, level by level, and marks late ones late', () => {
    expect(s.completeness).toEqual({ expected: 12, reported: 3, onTime: 2, late: 1, missing: 9, unexpected: 0 });
    expect(s.units.find((u) => u.code === '870')!.status).toBe('late');
    expect([ind(s, 'KIEM_TRA').total, ind(s, 'DU_KIEN_KT').total]).toEqual([18, 16]);
    expect(ind(s, 'HS_TRE_HAN').levels.map((l) => l.total)).toEqual([590, 213]);
    expect(ind(s, 'HS_TRE_HAN').total).toBe(803);
    expect(ind(s, 'PHAT_THANH').total).toBe(2);
    expect(s.asOf).toBe('2021-06-20T01:00:00.000Z');
  });

  it("totals breakdown rows by option key, most first, with each unit's share", () => {
    const field = ind(s, 'HS_TRE_HAN').breakdowns.find((b) => b.id === 'field')!;
    expect(field.rows.map((r) => [r.label, r.total, r.units.map((u) => [u.code, u.value])])).toEqual([
      [
        'Đất đai',
        348,
        [
          ['866', 20],
          ['870', 228],
          ['877', 100],
        ],
      ],
      [
        'Tư pháp',
        215,
        [
          ['866', 15],
          ['877', 200],
        ],
      ],
    ]);
    const commune = ind(s, 'HS_TRE_HAN').breakdowns.find((b) => b.id === 'commune')!;
    expect(commune.rows.map((r) => [r.label, r.units[0]!.code, r.total])).toEqual([
      ['Xã Long Thuận', '870', 129],
      ['Xã Mỹ Tân', '866', 30],
    ]);
  });

  it('counts a field a unit lists twice, twice', () => {
    const twice = computeRollup(
      input([
        record(
          '866',
          districtSummary({
            fields: [
              ['dat-dai', 20],
              ['dat-dai', 7],
            ],
          }),
        ),
      ]),
    );
    const row = ind(twice, 'HS_TRE_HAN').breakdowns.find((b) => b.id === 'field')!.rows[0]!;
    expect(row).toMatchObject({ total: 27, units: [{ code: '866', value: 27 }] });
  });

  it('gives each reporting unit its values by code; a missing unit has none', () => {
    expect(s.units.find((u) => u.code === '866')!.figures!.values).toMatchObject({
      KIEM_TRA: { value: 3 },
      HS_TRE_HAN: { value: 70, levels: { huyen: 40, xa: 30 } },
      PHAT_THANH: { value: false },
    });
    expect(s.units.find((u) => u.code === '871')!.figures).toBeNull();
  });

  it('is the same whatever order the records come in', () => {
    const shuffled = computeRollup(input([latest[2]!, latest[0]!, latest[1]!]));
    expect(summaryJson(shuffled)).toBe(summaryJson(s));
  });

  it('uses only the latest version of a report', () => {
    const r = computeRollup(
      input([
        record('866', districtSummary({ inspected: 99 }), { version: 1 }),
        record('866', districtSummary({ inspected: 3 }), { version: 2 }),
      ]),
    );
    expect(ind(r, 'KIEM_TRA').total).toBe(3);
    expect(r.units.find((u) => u.code === '866')!.version).toBe(2);
  });
});

describe("the province's review of each report (issue 14)", () => {
  const reviewed = () => [
    { ...record('870', seedSummary()), reviewState: 'accepted' as const },
    record('866', seedSummary({ recommendation: 'Đề nghị bổ sung biên chế.' })),
    {
      ...record('877', districtSummary({ inspected: 5, planned: 0, huyen: 300, xa: 0, fields: [], communes: [] })),
      reviewState: 'returned' as const,
    },
  ];

  it('counts accepted, waiting and returned reports; by default every report counts in the totals, each row saying its state', () => {
    const s = computeRollup(input(reviewed()));
    expect(s.review).toEqual({ accepted: 1, submitted: 1, returned: 1, countsUnaccepted: true });
    expect(s.units.filter((u) => u.review).map((u) => [u.code, u.review, u.counted])).toEqual([
      ['866', 'submitted', true],
      ['870', 'accepted', true],
      ['877', 'returned', true],
    ]);
    expect(s.units.find((u) => u.code === '871')).toMatchObject({ review: null, counted: false, figures: null });
    expect(ind(s, 'KIEM_TRA').total).toBe(25);
    expect([...new Set(s.annex.flatMap((a) => a.entries.map((e) => e.unit)))]).toEqual(['866', '870']);
    expect(digest(s).review).toEqual(s.review);
  });

  it('with countUnaccepted false, only accepted reports are totalled and compiled; the others keep their own figures, marked not counted', () => {
    const s = computeRollup({ ...input(reviewed()), countUnaccepted: false });
    expect(s.review.countsUnaccepted).toBe(false);
    expect(ind(s, 'KIEM_TRA').total).toBe(10);
    expect(ind(s, 'KIEM_TRA').coverage.units).toBe(1);
    const u866 = s.units.find((u) => u.code === '866')!;
    expect([u866.counted, u866.figures?.values.KIEM_TRA?.value]).toEqual([false, 10]);
    expect([...new Set(s.annex.flatMap((a) => a.entries.map((e) => e.unit)))]).toEqual(['870']);
    // Completeness is about who sent a report, whatever its review.
    expect(s.completeness.reported).toBe(3);
  });

  it("the status answer carries each unit's review state and the counts", () => {
    const st = periodStatus({ ...input(reviewed()), countUnaccepted: false });
    expect(st.review).toEqual({ accepted: 1, submitted: 1, returned: 1, countsUnaccepted: false });
    expect(st.units.find((u) => u.code === '877')!.review).toBe('returned');
    expect(st.units.find((u) => u.code === '871')!.review).toBeNull();
  });
});

describe('units on different forms and form versions (after 2025)', () => {
  // Three units on the six-area form v2 (two communes, one department), one commune still on v1.
  const latest = [
    record(
      '28297',
      sixAreaSummary(2, {
        done: 8,
        total: 10,
        xa: 120,
        late: [
          ['dat-dai', 5],
          ['ho-tich', 1],
        ],
        online: 30,
        satisfaction: 92.5,
        portal: true,
        proposal: 'Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ.',
      }),
    ),
    record(
      '29992',
      sixAreaSummary(2, {
        done: 3,
        total: 6,
        xa: 40,
        late: [['dat-dai', 2]],
        online: 12,
        satisfaction: 88,
        portal: false,
        proposal: 'Đề nghị tập huấn phần mềm một cửa.',
      }),
    ),
    record('8201', sixAreaSummary(2, { done: 9, total: 9, tinh: 500, late: [['ho-tich', 4]], online: 55, satisfaction: 97, portal: true })),
    record(
      '29995',
      sixAreaSummary(1, { done: 1, total: 4, xa: 15, late: [['dat-dai', 3]], portal: true, proposal: '=Tăng biên chế công chức một cửa.' }),
    ),
  ];
  let s: RollupSummary;
  beforeEach(() => {
    s = computeRollup(input(latest, { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV1, sixAreaV2] }));
  });

  it('built a page at a time, pages in any order (as the Query gives them while it runs), gives the same bytes', () => {
    const i = input(latest, { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV1, sixAreaV2] });
    for (const pages of [[...latest].reverse().map((r) => [r]), [[latest[3]!, latest[1]!], [latest[2]!], [latest[0]!]]]) {
      const b = new RollupBuilder(i);
      for (const page of pages) b.add(page);
      expect(summaryJson(b.finish(i))).toBe(summaryJson(s));
    }
  });

  it('a unit whose record comes twice counts once, at its highest version, whichever comes first', () => {
    const older = { ...latest[0]!, version: 0, summary: sixAreaSummary(2, { done: 50, total: 70, xa: 999, online: 1, satisfaction: 10 }) };
    const i = input(latest, { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV1, sixAreaV2] });
    for (const order of [
      [older, ...latest],
      [...latest, older],
    ]) {
      const b = new RollupBuilder(i).add(order);
      expect(summaryJson(b.finish(i))).toBe(summaryJson(s));
    }
  });

  it('names the forms in use and the units on each', () => {
    expect(s.completeness).toMatchObject({ expected: 4, reported: 4, missing: 0 });
    expect(s.forms.map((f) => [f.form, f.units])).toEqual([
      ['six-area-test@1', ['29995']],
      ['six-area-test@2', ['8201', '28297', '29992']],
    ]);
  });

  it('totals a code both versions have over all four units', () => {
    expect(ind(s, 'NV_HOAN_THANH')).toMatchObject({
      total: 21,
      coverage: { units: 4, of: 4, notCovered: [] },
      forms: ['six-area-test@1', 'six-area-test@2'],
    });
    expect(ind(s, 'HS_TRE_HAN').total).toBe(15);
    expect(ind(s, 'CO_CONG_TT')).toMatchObject({ aggregate: 'countYes', total: 3, coverage: { units: 4 } });
  });

  it('totals a code only v2 has over the three v2 units, says which unit it leaves out, and invents no zero for it', () => {
    expect(ind(s, 'DVC_TOAN_TRINH')).toMatchObject({
      total: 97,
      coverage: { units: 3, of: 4, notCovered: ['29995'] },
      forms: ['six-area-test@2'],
    });
    expect(ind(s, 'HAI_LONG')).toMatchObject({ aggregate: 'min', total: 88, coverage: { units: 3, notCovered: ['29995'] } });
    const old = s.units.find((u) => u.code === '29995')!.figures!;
    expect(old.form).toBe('six-area-test@1');
    expect(old.values).not.toHaveProperty('DVC_TOAN_TRINH');
    expect(old.values).not.toHaveProperty('HAI_LONG');
  });

  it('recomputes a ratio from the summed parts, not by adding percents', () => {
    expect(ind(s, 'NV_TY_LE')).toMatchObject({ aggregate: 'ratio', total: Math.round((10000 * 21) / 29) / 100, coverage: { units: 4 } });
  });

  it('a department has no commune level: absent ("-"), never 0; each level says whom it covers', () => {
    const dept = s.units.find((u) => u.code === '8201')!.figures!.values.HS_TIEP_NHAN!;
    expect(dept.levels).toEqual({ tinh: 500 });
    expect(dept.levels).not.toHaveProperty('xa');
    const commune = s.units.find((u) => u.code === '28297')!.figures!.values.HS_TIEP_NHAN!;
    expect(commune.levels).toEqual({ xa: 120 });
    const levels = ind(s, 'HS_TIEP_NHAN').levels;
    expect(levels).toEqual([
      { key: 'tinh', label: 'Cấp tỉnh', total: 500, coverage: { units: 1, of: 4, notCovered: ['28297', '29992', '29995'] } },
      { key: 'xa', label: 'Cấp xã', total: 175, coverage: { units: 3, of: 4, notCovered: ['8201'] } },
    ]);
  });

  it("compiles each unit's recommendation verbatim, in unit order", () => {
    expect(s.annex.map((a) => a.compileAs)).toEqual(['recommendations']);
    expect(s.annex[0]!.entries.map((e) => [e.unit, e.unitName, e.texts])).toEqual(
      [
        ['29992', 'Xã Long Phú Thuận', ['Đề nghị tập huấn phần mềm một cửa.']],
        ['29995', 'Xã An Long', ['=Tăng biên chế công chức một cửa.']],
        ['28297', 'Phường Long Thuận', ['Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ.']],
      ].sort((a, b) => compareCodes(a[0] as string, b[0] as string)),
    );
  });

  it('the HTTP digest carries counts and totals, not per-unit rows or warnings', () => {
    const d = digest(s);
    expect(d.totals.find((t) => t.code === 'DVC_TOAN_TRINH')).toEqual({
      code: 'DVC_TOAN_TRINH',
      label: 'Số dịch vụ công trực tuyến toàn trình',
      unit: 'dịch vụ',
      total: 97,
      units: 3,
      of: 4,
      previous: null,
      breakdowns: [],
    });
    expect(d).not.toHaveProperty('units');
    expect(d.dataQuality).toEqual({ count: 0, units: 0 });
  });
});

describe('units that reported without being expected', () => {
  it('are listed with the reason, never counted', () => {
    const latest = [
      record('870', seedSummary()),
      record('880', districtSummary({ inspected: 1000 })),
      record('87', districtSummary({ inspected: 500 })),
    ];
    const s = computeRollup(input(latest));
    expect(s.completeness).toMatchObject({ expected: 12, reported: 1, unexpected: 2 });
    expect(s.unexpected.map((u) => [u.code, u.reason, u.name])).toEqual([
      ['87', 'not_expected', 'Tỉnh Đồng Tháp'],
      ['880', 'unknown_unit', null],
    ]);
    expect(s.unexpected[1]!.figures.values.KIEM_TRA!.value).toBe(1000);
    expect(ind(s, 'KIEM_TRA').total).toBe(10);
  });

  it('a report on a form the service does not know is listed, its values left out rather than guessed', () => {
    const unknown = { ...districtSummary({ inspected: 7 }), form: { id: 'gone', version: 3 } };
    const s = computeRollup(input([record('870', seedSummary()), record('866', unknown)]));
    expect(s.forms.map((f) => [f.form, f.title])).toEqual([
      ['dt-test@1', seedForm.title],
      ['gone@3', null],
    ]);
    expect(ind(s, 'KIEM_TRA')).toMatchObject({ total: 10, coverage: { units: 1, of: 2, notCovered: ['866'] } });
  });
});

describe('the change against the previous period', () => {
  let prevSummary: RollupSummary;
  beforeEach(() => {
    prevSummary = computeRollup(input([record('870', districtSummary({ inspected: 8, huyen: 200 }))], { period: '2020-H1' }));
  });
  const previous = (expected = prevSummary.units.map((u) => u.code)) => ({
    period: '2020-H1',
    runId: 'r',
    asOf: prevSummary.asOf,
    expected,
    completeness: prevSummary.completeness,
    totals: Object.fromEntries(prevSummary.indicators.map((i) => [i.code, i.total])),
  });

  it('by indicator code: current, previous, delta and percent', () => {
    const s = computeRollup(input([record('870', seedSummary())], { previous: previous() }));
    expect(s.comparison).toMatchObject({ period: '2020-H1', runId: 'r', comparable: true, note: null });
    expect(s.comparison!.indicators.KIEM_TRA).toEqual({ current: 10, previous: 8, delta: 2, percent: 25 });
    expect(s.comparison!.indicators.HS_TRE_HAN).toEqual({ current: 433, previous: 383, delta: 50, percent: 13.1 });
    expect(s.comparison!.completeness.reported).toEqual({ current: 1, previous: 1, delta: 0, percent: 0 });
    // The HTTP digest carries the previous total beside each total, and each breakdown's largest rows.
    const late = digest(s).totals.find((t) => t.code === 'HS_TRE_HAN')!;
    expect([late.total, late.previous]).toEqual([433, 383]);
    expect(late.breakdowns.find((b) => b.id === 'field')).toEqual({
      id: 'field',
      label: 'Lĩnh vực',
      levelLabel: 'Cấp huyện',
      top: [{ label: 'Đất đai', total: 228 }],
    });
  });

  it('not comparable when the expected units changed (the 2025 reorganisation)', () => {
    const s = computeRollup(input([record('870', seedSummary())], { previous: previous(['28297', '29992']) }));
    expect(s.comparison).toMatchObject({ comparable: false, indicators: {}, completeness: {} });
    expect(s.comparison!.note).toContain(NOT_COMPARABLE);
    expect(digest(s).totals.every((t) => t.previous === null)).toBe(true);
    expect(NOT_COMPARABLE).toBe('không so sánh được (sắp xếp đơn vị hành chính)');
  });
});

describe('unit codes', () => {
  it('sort as national statistics codes: by length (province, district, commune), then by value', () => {
    expect(['1000', '870', '00004', '866', '99'].sort(compareCodes)).toEqual(['99', '866', '870', '1000', '00004']);
  });
});

/**
 * The rollup's indicator totals (shared/rollup/indicators.ts) on forms written for the
 * purpose: the aggregations the fixture forms of test/rollup/compute.test.ts do not use
 * (min, max, a level-by-level ratio, a decimal sum, none), qualifiers, breakdown rows
 * and their order, the catalogue across forms, and the data-quality sheet's field
 * labels. Four units of a province after 2025 (registry2026: department 8201, communes
 * 28297, 29992, 29995), reporting in that order. No storage: `npm run test:unit`.
 */
import { describe, expect, it } from 'vitest';
import type { FormSummary, ValueBody } from '../../shared/forms/body.ts';
import { FormDef, type FormInput } from '../../shared/forms/model.ts';
import { computeRollup } from '../../shared/rollup/compute.ts';
import { fieldLabel, unitValue } from '../../shared/rollup/indicators.ts';
import type { IndicatorTotal, RollupSummary } from '../../shared/rollup/schema.ts';
import { fieldList, input, record, registry2026 } from '../rollup/fixtures.ts';

type IndicatorInput = NonNullable<FormInput['indicators']>[number];

const LEVELS = {
  kind: 'level' as const,
  levels: [
    { key: 'tinh', label: 'Cấp tỉnh', tiers: ['department' as const] },
    { key: 'xa', label: 'Cấp xã', tiers: ['commune' as const] },
  ],
};
const FIELD = { kind: 'list' as const, id: 'field', label: 'Lĩnh vực', list: 'linh-vuc' };

function form(indicators: IndicatorInput[], o: { id?: string; version?: number; outline?: FormInput['outline'] } = {}): FormDef {
  return FormDef.parse({
    id: o.id ?? 'stats-test',
    version: o.version ?? 1,
    title: 'Biểu thống kê (thử)',
    appliesTo: { provinces: [], tiers: ['commune', 'department'], periodKinds: ['Q3'], validFrom: '2026-01-01', validTo: null },
    document: { summaryTemplate: 'Công tác cải cách hành chính {period}', defaultSymbol: 'BC-UBND' },
    lists: [
      fieldList([
        ['dat-dai', 'Đất đai'],
        ['ho-tich', 'Hộ tịch'],
        ['khac-2', 'Khác'],
        ['khac-1', 'Khác'],
      ]),
    ],
    outline: o.outline ?? [{ id: 'figures', numbering: 'upper-roman', title: 'Số liệu', indicators: indicators.map((i) => i.code) }],
    indicators,
  } satisfies FormInput);
}

const summary = (f: FormDef, values: Record<string, ValueBody>, warnings: FormSummary['warnings'] = []): FormSummary => ({
  form: { id: f.id, version: f.version },
  values,
  compiled: [],
  warnings,
  warningCount: warnings.length,
});

/**
 * The province rollup of 82, 2026-Q3, with these units' values (units not named do not report).
 * On fresh copies of the forms: the rollup memoises shapes per form object, and a memo filled
 * by an earlier test would hide the code behind it from the test that checks it (`npm run
 * mutate` credits a line only to the tests that run it).
 */
function roll(forms: FormDef[], units: [string, FormDef, Record<string, ValueBody>][]): RollupSummary {
  return computeRollup(
    input(
      units.map(([code, f, values]) => record(code, summary(f, values))),
      { province: '82', period: '2026-Q3', registry: registry2026, forms: forms.map((f) => structuredClone(f)) },
    ),
  );
}
const ind = (s: RollupSummary, code: string) => s.indicators.find((i) => i.code === code) as IndicatorTotal;
const figure = (s: RollupSummary, unit: string, code: string) => s.units.find((u) => u.code === unit)!.figures!.values[code];

describe('min and max', () => {
  const f = form([
    { code: 'SCORE', label: 'Điểm thấp nhất', type: 'decimal', breakdowns: [FIELD], aggregate: { kind: 'min' } },
    { code: 'PEAK', label: 'Tỷ lệ cao nhất', type: 'percent', breakdowns: [LEVELS, FIELD], aggregate: { kind: 'max' } },
  ]);
  // Reporting order 8201, 28297, 29992, 29995: neither extreme comes first.
  const s = () =>
    roll(
      [f],
      [
        [
          '8201',
          f,
          {
            SCORE: { value: 8 },
            PEAK: { value: 80, levels: { tinh: { value: 80, breakdown: { field: [{ key: 'ho-tich', value: 80 }] } } } },
          },
        ],
        [
          '28297',
          f,
          {
            SCORE: {
              value: 7.5,
              breakdown: {
                field: [
                  { key: 'dat-dai', value: 7.5 },
                  { key: 'ho-tich', value: 9 },
                ],
              },
            },
            PEAK: { value: 95, levels: { xa: { value: 95, breakdown: { field: [{ key: 'dat-dai', value: 95 }] } } } },
          },
        ],
        [
          '29992',
          f,
          {
            SCORE: { value: 9.25, breakdown: { field: [{ key: 'dat-dai', value: 9.25 }] } },
            // A percent given by level only: its own total stays empty (only a summed count adds its levels up).
            PEAK: { levels: { xa: { value: 99, breakdown: { field: [{ key: 'dat-dai', value: 60 }] } } } },
          },
        ],
        [
          '29995',
          f,
          // A level without rows.
          { SCORE: { value: 6, breakdown: { field: [{ key: 'ho-tich', value: 6 }] } }, PEAK: { value: 70, levels: { xa: { value: 70 } } } },
        ],
      ],
    );

  it("min: the lowest of the units' values, and of each row", () => {
    const score = ind(s(), 'SCORE');
    expect([score.aggregate, score.total, score.coverage]).toEqual(['min', 6, { units: 4, of: 4, notCovered: [] }]);
    expect(score.breakdowns).toEqual([
      {
        id: 'field',
        label: 'Lĩnh vực',
        kind: 'list',
        level: null,
        levelLabel: null,
        rows: [
          {
            key: 'dat-dai',
            label: 'Đất đai',
            subunit: null,
            total: 7.5,
            units: [
              { code: '28297', value: 7.5 },
              { code: '29992', value: 9.25 },
            ],
          },
          {
            key: 'ho-tich',
            label: 'Hộ tịch',
            subunit: null,
            total: 6,
            units: [
              { code: '28297', value: 9 },
              { code: '29995', value: 6 },
            ],
          },
        ],
      },
    ]);
  });

  it('max: the highest total, level by level, and by row within a level', () => {
    const r = s();
    const peak = ind(r, 'PEAK');
    expect([peak.total, peak.coverage]).toEqual([95, { units: 3, of: 4, notCovered: ['29992'] }]);
    expect(figure(r, '29992', 'PEAK')).toEqual({ value: null, levels: { xa: 99 } });
    expect(peak.levels).toEqual([
      { key: 'tinh', label: 'Cấp tỉnh', total: 80, coverage: { units: 1, of: 4, notCovered: ['28297', '29992', '29995'] } },
      { key: 'xa', label: 'Cấp xã', total: 99, coverage: { units: 3, of: 4, notCovered: ['8201'] } },
    ]);
    expect(peak.breakdowns.map((b) => [b.level, b.levelLabel, b.rows.map((x) => [x.key, x.total])])).toEqual([
      ['tinh', 'Cấp tỉnh', [['ho-tich', 80]]],
      ['xa', 'Cấp xã', [['dat-dai', 95]]],
    ]);
  });
});

describe('sums', () => {
  it('a decimal sum has no floating-point dust; a decimal given by level only has no total of its own, a count does', () => {
    const f = form([
      { code: 'FUNDS', label: 'Kinh phí (tỷ đồng)', type: 'decimal', breakdowns: [LEVELS], aggregate: { kind: 'sum' } },
      { code: 'DOSSIERS', label: 'Số hồ sơ', type: 'count', breakdowns: [LEVELS], aggregate: { kind: 'sum' } },
      { code: 'FEWEST', label: 'Số hồ sơ ít nhất', type: 'count', breakdowns: [LEVELS], aggregate: { kind: 'min' } },
    ]);
    const s = roll(
      [f],
      [
        // A total that says more than its levels (a level not broken down) is kept as given.
        [
          '8201',
          f,
          {
            FUNDS: { value: 0.1 },
            DOSSIERS: { value: 6, levels: { tinh: { value: 4 } } },
            FEWEST: { value: 2, levels: { tinh: { value: 2 } } },
          },
        ],
        [
          '28297',
          f,
          { FUNDS: { value: 0.2, levels: {} }, DOSSIERS: { levels: { xa: { value: 5 } } }, FEWEST: { levels: { xa: { value: 3 } } } },
        ],
        ['29992', f, { FUNDS: { levels: { xa: { value: 0.7 } } } }],
      ],
    );
    expect(ind(s, 'FUNDS').total).toBe(0.3);
    // Coverage is over the units that reported (29995 did not).
    expect(ind(s, 'FUNDS').coverage).toEqual({ units: 2, of: 3, notCovered: ['29992'] });
    expect(ind(s, 'FUNDS').levels.map((l) => [l.key, l.total])).toEqual([
      ['tinh', null],
      ['xa', 0.7],
    ]);
    expect(figure(s, '29992', 'FUNDS')!.value).toBeNull();
    expect([figure(s, '8201', 'DOSSIERS'), figure(s, '28297', 'DOSSIERS')]).toEqual([
      { value: 6, levels: { tinh: 4 } },
      { value: 5, levels: { xa: 5 } },
    ]);
    expect(ind(s, 'DOSSIERS').total).toBe(11);
    // Only a summed count adds its levels up: a minimum given by level has no total of its own.
    expect(figure(s, '28297', 'FEWEST')).toEqual({ value: null, levels: { xa: 3 } });
    expect(ind(s, 'FEWEST')).toMatchObject({ total: 2, coverage: { units: 1 } });
    // A unit that gave nothing for an indicator with levels: no value, each of its levels empty.
    expect(figure(s, '29992', 'DOSSIERS')).toEqual({ value: null, levels: { xa: null } });
  });
});

describe('a ratio (100 × Σ numerator / Σ denominator)', () => {
  const f = form([
    { code: 'DONE', label: 'Số hồ sơ đúng hạn', type: 'count', breakdowns: [LEVELS], aggregate: { kind: 'sum' } },
    { code: 'ALL', label: 'Số hồ sơ đã giải quyết', type: 'count', breakdowns: [LEVELS], aggregate: { kind: 'sum' } },
    {
      code: 'RATE',
      label: 'Tỷ lệ hồ sơ đúng hạn',
      type: 'percent',
      unit: '%',
      breakdowns: [LEVELS],
      aggregate: { kind: 'ratio', numerator: 'DONE', denominator: 'ALL' },
    },
  ]);

  it('is recomputed in total and level by level, over the units that give both parts', () => {
    const s = roll(
      [f],
      [
        ['8201', f, { DONE: { levels: { tinh: { value: 9 } } }, ALL: { levels: { tinh: { value: 10 } } }, RATE: { value: 90 } }],
        ['28297', f, { DONE: { levels: { xa: { value: 1 } } }, ALL: { levels: { xa: { value: 3 } } } }],
        // Only the numerator: its own percent by level is not a part of the ratio.
        ['29992', f, { DONE: { levels: { xa: { value: 2 } } }, RATE: { levels: { xa: { value: 50 } } } }],
        // Only the denominator.
        ['29995', f, { ALL: { levels: { xa: { value: 4 } } } }],
      ],
    );
    const rate = ind(s, 'RATE');
    expect([rate.aggregate, rate.total, rate.unit]).toEqual(['ratio', 76.92, '%']); // 10 / 13
    expect(rate.coverage).toEqual({ units: 2, of: 4, notCovered: ['29992', '29995'] });
    expect(rate.levels).toEqual([
      { key: 'tinh', label: 'Cấp tỉnh', total: 90, coverage: { units: 1, of: 4, notCovered: ['28297', '29992', '29995'] } },
      { key: 'xa', label: 'Cấp xã', total: 33.33, coverage: { units: 1, of: 4, notCovered: ['8201', '29992', '29995'] } },
    ]);
  });

  it('has no total when the denominators sum to zero, or when no unit gives both parts', () => {
    const zero = roll(
      [f],
      [
        ['8201', f, { DONE: { levels: { tinh: { value: 0 } } }, ALL: { levels: { tinh: { value: 0 } } } }],
        ['28297', f, { DONE: { levels: { xa: { value: 0 } } }, ALL: { levels: { xa: { value: 0 } } } }],
      ],
    );
    expect(ind(zero, 'RATE')).toMatchObject({ total: null, coverage: { units: 2 } });
    expect(ind(zero, 'RATE').levels.map((l) => [l.total, l.coverage.units])).toEqual([
      [null, 1],
      [null, 1],
    ]);
    const none = roll([f], [['28297', f, { DONE: { value: 3 } }]]);
    expect(ind(none, 'RATE')).toMatchObject({ total: null, coverage: { units: 0, of: 1, notCovered: ['28297'] } });
  });
});

describe('a ratio by level over parts without levels', () => {
  it('has a total but no level totals', () => {
    const f = form([
      { code: 'DONE', label: 'Số nhiệm vụ hoàn thành', type: 'count', aggregate: { kind: 'sum' } },
      { code: 'ALL', label: 'Số nhiệm vụ', type: 'count', aggregate: { kind: 'sum' } },
      {
        code: 'RATE',
        label: 'Tỷ lệ hoàn thành',
        type: 'percent',
        breakdowns: [LEVELS],
        aggregate: { kind: 'ratio', numerator: 'DONE', denominator: 'ALL' },
      },
    ]);
    const s = roll([f], [['8201', f, { DONE: { value: 1 }, ALL: { value: 2 }, RATE: { value: 50, levels: { tinh: { value: 50 } } } }]]);
    expect(ind(s, 'RATE').total).toBe(50);
    expect(ind(s, 'RATE').levels.map((l) => [l.key, l.total, l.coverage.units])).toEqual([
      ['tinh', null, 0],
      ['xa', null, 0],
    ]);
  });
});

describe('yes/no answers and indicators that are not totalled', () => {
  const f = form([
    { code: 'PORTAL', label: 'Có cổng thông tin điện tử', type: 'boolean', aggregate: { kind: 'countYes' } },
    { code: 'NOTE', label: 'Ghi chú', type: 'text', aggregate: { kind: 'none' } },
    { code: 'TALLY', label: 'Số liệu tham khảo', type: 'count', aggregate: { kind: 'none' } },
  ]);

  it('countYes counts the units that answered yes over those that answered; none has no total but says who answered', () => {
    const s = roll(
      [f],
      [
        ['8201', f, { PORTAL: { value: true }, NOTE: { value: 'Không' }, TALLY: { value: 4 } }],
        ['28297', f, { PORTAL: { value: false } }],
        ['29992', f, { PORTAL: { value: true }, NOTE: { value: 'Đã rà soát' } }],
        ['29995', f, {}],
      ],
    );
    expect(ind(s, 'PORTAL')).toMatchObject({ aggregate: 'countYes', total: 2, coverage: { units: 3, notCovered: ['29995'] } });
    expect(ind(s, 'NOTE')).toMatchObject({ aggregate: 'none', total: null, coverage: { units: 2, notCovered: ['28297', '29995'] } });
    expect(figure(s, '8201', 'NOTE')).toEqual({ value: 'Không' });
    // A number not to be totalled has no total either.
    expect(ind(s, 'TALLY')).toMatchObject({ aggregate: 'none', total: null, coverage: { units: 1 } });
  });

  it('countYes is 0, not empty, when every unit answered no', () => {
    const s = roll(
      [f],
      [
        ['8201', f, { PORTAL: { value: false } }],
        ['28297', f, { PORTAL: { value: false } }],
      ],
    );
    expect(ind(s, 'PORTAL')).toMatchObject({ total: 0, coverage: { units: 2 } });
  });

  it("a unit's value of another type than its indicator's counts as no value", () => {
    const def = (type: 'count' | 'boolean' | 'text') =>
      form([{ code: 'VALUE', label: 'Giá trị', type, aggregate: { kind: 'none' } }]).indicators[0]!;
    expect(unitValue(def('count'), { value: 'mười' as never }, 'commune')).toEqual({ value: null });
    expect(unitValue(def('boolean'), { value: 1 }, 'commune')).toEqual({ value: null });
    expect(unitValue(def('boolean'), { value: false }, 'commune')).toEqual({ value: false });
    expect(unitValue(def('text'), { value: 1 }, 'commune')).toEqual({ value: null });
  });
});

describe('qualifiers (what each unit counted, in its words)', () => {
  it('are counted per text, most used first, then in alphabetical order; blank ones and those an indicator does not take are dropped', () => {
    const f = form([
      { code: 'CHECKED', label: 'Số đơn vị đã kiểm tra', type: 'count', qualifier: { label: 'Loại đơn vị' }, aggregate: { kind: 'sum' } },
      { code: 'PLAIN', label: 'Số cuộc họp', type: 'count', aggregate: { kind: 'sum' } },
    ]);
    const s = roll(
      [f],
      [
        ['8201', f, { CHECKED: { value: 1, qualifier: 'cơ quan' }, PLAIN: { value: 2, qualifier: 'cuộc' } }],
        ['28297', f, { CHECKED: { value: 2, qualifier: 'xã' } }],
        ['29992', f, { CHECKED: { value: 3, qualifier: '  xã ' } }],
        ['29995', f, { CHECKED: { value: 4, qualifier: 'bộ phận' } }],
      ],
    );
    expect(ind(s, 'CHECKED').qualifiers).toEqual([
      { text: 'xã', units: 2 },
      { text: 'bộ phận', units: 1 },
      { text: 'cơ quan', units: 1 },
    ]);
    expect(figure(s, '29992', 'CHECKED')).toEqual({ value: 3, qualifier: 'xã' });
    expect(figure(s, '8201', 'PLAIN')).toEqual({ value: 2 });
    expect(ind(s, 'PLAIN').qualifiers).toEqual([]);
    const blank = roll(
      [f],
      [
        ['28297', f, { CHECKED: { value: 2, qualifier: '   ' } }],
        ['29992', f, { PLAIN: { value: 1 } }],
      ],
    );
    expect([figure(blank, '28297', 'CHECKED'), ind(blank, 'CHECKED').qualifiers]).toEqual([{ value: 2 }, []]);
  });
});

describe('breakdown rows', () => {
  const f = form([
    {
      code: 'LATE',
      label: 'Số hồ sơ trễ hạn',
      type: 'count',
      // The levels listed commune first: groups follow the form's order, not the alphabet.
      breakdowns: [
        {
          kind: 'level',
          levels: [
            { key: 'xa', label: 'Cấp xã', tiers: ['commune'] },
            { key: 'tinh', label: 'Cấp tỉnh', tiers: ['department'] },
          ],
        },
        FIELD,
        { kind: 'subunit', id: 'offices', label: 'Đơn vị trực thuộc' },
      ],
      aggregate: { kind: 'sum' },
    },
    { code: 'COUNTED', label: 'Có số liệu', type: 'boolean', breakdowns: [FIELD], aggregate: { kind: 'countYes' } },
  ]);
  const s = () =>
    roll(
      [f],
      [
        [
          '8201',
          f,
          {
            LATE: {
              levels: { tinh: { value: 9, breakdown: { field: [{ key: 'dat-dai', value: 9 }] } } },
              breakdown: {
                offices: [
                  { unit: '820101', name: 'Phòng  Hành chính ', value: 3 },
                  { name: 'phòng tổng hợp', value: 2 },
                  { name: 'Phòng Tổng  Hợp', value: 4 },
                ],
              },
            },
            COUNTED: { value: true, breakdown: { field: [{ key: 'dat-dai', value: 1 }] } },
          },
        ],
        [
          '28297',
          f,
          {
            LATE: {
              levels: {
                xa: {
                  value: 15,
                  breakdown: {
                    field: [
                      { key: 'khac-2', value: 5 },
                      { key: 'moi', value: 5 },
                      { key: 'khac-1', value: 5 },
                    ],
                  },
                },
              },
            },
          },
        ],
        // Gave no figure at all for LATE (the form has rows for it): nothing to add.
        ['29992', f, {}],
        // A total with its rows, its levels object naming none of its levels.
        ['29995', f, { LATE: { value: 3, levels: {}, breakdown: { field: [{ key: 'dat-dai', value: 3 }] } } }],
      ],
    );

  it('groups follow the breakdowns in the form, then its levels; totals and levels alone come first', () => {
    const late = ind(s(), 'LATE');
    expect(late.breakdowns.map((b) => [b.id, b.label, b.kind, b.level, b.levelLabel])).toEqual([
      ['field', 'Lĩnh vực', 'list', null, null],
      ['field', 'Lĩnh vực', 'list', 'xa', 'Cấp xã'],
      ['field', 'Lĩnh vực', 'list', 'tinh', 'Cấp tỉnh'],
      ['offices', 'Đơn vị trực thuộc', 'subunit', null, null],
    ]);
    expect(late.total).toBe(27);
    expect(late.breakdowns[0]!.rows).toEqual([
      { key: 'dat-dai', label: 'Đất đai', subunit: null, total: 3, units: [{ code: '29995', value: 3 }] },
    ]);
  });

  it('rows tie on total by label, then by key; an option the list lacks shows its key', () => {
    const xa = ind(s(), 'LATE').breakdowns[1]!;
    expect(xa.rows.map((r) => [r.key, r.label, r.total])).toEqual([
      ['khac-1', 'Khác', 5],
      ['khac-2', 'Khác', 5],
      ['moi', 'moi', 5],
    ]);
  });

  it('sub-unit rows: by code when given, else by name whatever its case and spacing, shown as first written', () => {
    const offices = ind(s(), 'LATE').breakdowns[3]!;
    expect(offices.rows).toEqual([
      { key: '8201|n:phòng tổng hợp', label: 'phòng tổng hợp', subunit: null, total: 6, units: [{ code: '8201', value: 6 }] },
      { key: '8201|c:820101', label: 'Phòng Hành chính', subunit: '820101', total: 3, units: [{ code: '8201', value: 3 }] },
    ]);
  });

  it('a yes/no indicator has no rows to total', () => {
    expect(ind(s(), 'COUNTED')).toMatchObject({ total: 1, breakdowns: [] });
  });
});

describe('the catalogue across forms', () => {
  const code = (c: string, label: string, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
    code: c,
    label,
    type: 'count',
    aggregate: { kind: 'sum' },
    ...extra,
  });
  // a-form v1 had its own first indicator, an old label for the field rows and rows by office.
  const a1 = form(
    [
      code('A1_FIRST', 'Chỉ mẫu A bản 1'),
      code('SHARED', 'Nhãn cũ', {
        breakdowns: [
          { ...FIELD, label: 'Lĩnh vực (cũ)' },
          { kind: 'subunit', id: 'offices', label: 'Đơn vị (cũ)' },
        ],
      }),
    ],
    { id: 'a-form', version: 1 },
  );
  const a2 = form([code('SHARED', 'Nhãn mới', { breakdowns: [FIELD], shortLabel: 'Mới', unit: 'hồ sơ' }), code('A_ONLY', 'Chỉ mẫu A')], {
    id: 'a-form',
    version: 2,
  });
  const b1 = form([code('B_ONLY', 'Chỉ mẫu B'), code('SHARED', 'Nhãn của mẫu B')], { id: 'b-form', version: 3 });
  // Reporting order: a-form v2 (rows by field only), v1 (rows by field and office), then b-form, the newest
  // version of all: neither the forms' order of first use nor their versions decide the catalogue.
  const s = () =>
    roll(
      [a1, a2, b1],
      [
        ['28297', a2, { SHARED: { value: 100 }, A_ONLY: { value: 3 } }],
        [
          '29992',
          a1,
          {
            SHARED: {
              value: 10,
              breakdown: { field: [{ key: 'dat-dai', value: 10 }], offices: [{ name: 'Phòng Một', value: 4 }] },
            },
          },
        ],
        ['29995', b1, { SHARED: { value: 1 }, B_ONLY: { value: 2 } }],
      ],
    );

  it('defines each code once, from the first form by id, newest version first, listing every form that has it', () => {
    const r = s();
    expect(r.indicators.map((i) => [i.code, i.label, i.forms])).toEqual([
      ['SHARED', 'Nhãn mới', ['a-form@1', 'a-form@2', 'b-form@3']],
      ['A_ONLY', 'Chỉ mẫu A', ['a-form@2']],
      ['A1_FIRST', 'Chỉ mẫu A bản 1', ['a-form@1']],
      ['B_ONLY', 'Chỉ mẫu B', ['b-form@3']],
    ]);
    expect(ind(r, 'SHARED')).toMatchObject({ total: 111, shortLabel: 'Mới', unit: 'hồ sơ', coverage: { units: 3 } });
    expect(ind(r, 'A_ONLY')).toMatchObject({ shortLabel: null, unit: null });
    expect(r.forms.map((f) => [f.form, f.units])).toEqual([
      ['a-form@1', ['29992']],
      ['a-form@2', ['28297']],
      ['b-form@3', ['29995']],
    ]);
  });

  it('the same catalogue when the newest form is the first one used, and the oldest version before the newer', () => {
    const r = roll(
      [a1, a2, b1],
      [
        ['28297', b1, { SHARED: { value: 1 }, B_ONLY: { value: 2 } }],
        ['29992', a1, { SHARED: { value: 10 } }],
        ['29995', a2, { SHARED: { value: 100 }, A_ONLY: { value: 3 } }],
      ],
    );
    expect(r.indicators.map((i) => [i.code, i.label, i.forms])).toEqual(s().indicators.map((i) => [i.code, i.label, i.forms]));
    expect(r.forms.map((f) => f.form)).toEqual(['a-form@1', 'a-form@2', 'b-form@3']);
  });

  it("rows follow the unit's own form; a breakdown is labelled as the catalogue's form labels it, else as the unit's form did", () => {
    expect(ind(s(), 'SHARED').breakdowns.map((b) => [b.id, b.label, b.rows.map((x) => [x.label, x.total])])).toEqual([
      ['offices', 'Đơn vị (cũ)', [['Phòng Một', 4]]],
      ['field', 'Lĩnh vực', [['Đất đai', 10]]],
    ]);
  });
});

describe("field labels of the data-quality sheet (a warning's path in the form's words)", () => {
  const f = form(
    [
      {
        code: 'LATE',
        label: 'Số hồ sơ trễ hạn',
        type: 'count',
        breakdowns: [LEVELS, FIELD, { kind: 'subunit', id: 'offices', label: 'Đơn vị trực thuộc' }],
        aggregate: { kind: 'sum' },
      },
    ],
    {
      outline: [
        { id: 'plan', numbering: 'upper-roman', title: 'Kế hoạch CCHC', indicators: ['LATE'] },
        {
          id: 'review',
          numbering: 'upper-roman',
          title: 'Đánh giá chung',
          children: [{ id: 'weaknesses', numbering: 'arabic', title: 'Hạn chế', blocks: ['paragraphs'] }],
        },
      ],
    },
  );

  it('names an indicator, its level and its breakdown', () => {
    expect(fieldLabel('$.values.LATE.value', f)).toBe('Số hồ sơ trễ hạn');
    expect(fieldLabel('$.values.LATE.levels.xa.value', f)).toBe('Số hồ sơ trễ hạn (Cấp xã)');
    expect(fieldLabel('$.values.LATE.levels.tinh.breakdown.field[1].value', f)).toBe('Số hồ sơ trễ hạn (Cấp tỉnh, Lĩnh vực)');
    expect(fieldLabel('$.values.LATE.breakdown.offices[0].name', f)).toBe('Số hồ sơ trễ hạn (Đơn vị trực thuộc)');
    // A level or breakdown the form does not have adds nothing.
    expect(fieldLabel('$.values.LATE.levels.huyen.value', f)).toBe('Số hồ sơ trễ hạn');
    expect(fieldLabel('$.values.LATE.breakdown.other[0].value', f)).toBe('Số hồ sơ trễ hạn');
    expect(fieldLabel('$.values.OTHER.value', f)).toBe('Số liệu báo cáo');
    expect(fieldLabel('$.values.LATE.value', undefined)).toBe('Số liệu báo cáo');
  });

  it('names a section by its title, nested ones too, and the parts outside the sections as the document does', () => {
    expect(fieldLabel('$.sections.plan.paragraphs[0]', f)).toBe('Kế hoạch CCHC');
    expect(fieldLabel('$.sections.weaknesses.paragraphs[2]', f)).toBe('Hạn chế');
    expect(fieldLabel('$.sections.gone', f)).toBe('Nội dung báo cáo');
    expect(fieldLabel('$.sections.plan', undefined)).toBe('Nội dung báo cáo');
    expect(
      [
        '$.form',
        '$.header.date.day',
        '$.legalBasis[0].date',
        '$.introduction',
        '$.closing[1]',
        '$.distribution[0]',
        '$.signature.name',
      ].map((p) => fieldLabel(p, f)),
    ).toEqual(['Biểu mẫu báo cáo', 'Phần đầu văn bản', 'Căn cứ báo cáo', 'Phần mở đầu', 'Phần kết', 'Nơi nhận', 'Chữ ký']);
    expect(['$', '$.values', '$.sections', '$.other'].map((p) => fieldLabel(p, f))).toEqual(Array(4).fill('Nội dung báo cáo'));
  });

  it('labels each data-quality item of the rollup', () => {
    const s = computeRollup(
      input(
        [
          record(
            '28297',
            summary(f, { LATE: { levels: { xa: { value: 1 } } } }, [
              {
                path: '$.values.LATE.levels.xa.value',
                code: 'VALUE_OUTLIER',
                params: { value: 1, previous: 100, label: 'Số hồ sơ trễ hạn' },
              },
              {
                path: '$.legalBasis[0].date',
                code: 'DOC_DATED_AFTER_REPORT',
                params: { number: '1/KH', date: '01/10/2026', reportDate: '09/2026' },
              },
            ]),
          ),
        ],
        { province: '82', period: '2026-Q3', registry: registry2026, forms: [f] },
      ),
    );
    expect(s.dataQuality.items.map((q) => [q.unit, q.field, q.code])).toEqual([
      ['28297', 'Số hồ sơ trễ hạn (Cấp xã)', 'VALUE_OUTLIER'],
      ['28297', 'Căn cứ báo cáo', 'DOC_DATED_AFTER_REPORT'],
    ]);
    expect([s.dataQuality.count, s.dataQuality.units]).toEqual([2, 1]);
  });
});

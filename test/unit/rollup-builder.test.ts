/**
 * The rollup built a page of records at a time (RollupBuilder, shared/rollup/compute.ts):
 * the same records in any order, in any pages, or with a unit's older version arriving
 * after its latest, give the same summary, byte for byte, as computeRollup. Where two
 * units' forms word a row or a breakdown differently, the lowest unit code's wording
 * wins whatever the order. No storage: `npm run test:unit`.
 */
import { describe, expect, it } from 'vitest';
import type { FormSummary, ValueBody } from '../../shared/forms/body.ts';
import { FormDef, type FormInput } from '../../shared/forms/model.ts';
import { computeRollup, RollupBuilder, summaryJson, type RollupInput, type RollupRecord } from '../../shared/rollup/compute.ts';
import { districtSummary, input, record, registry2026, seedSummary, sixAreaSummary, sixAreaV1, sixAreaV2 } from '../rollup/fixtures.ts';

/** The summary bytes from the builder fed `pages` in turn. */
const built = (inp: RollupInput, pages: RollupRecord[][]) => {
  const b = new RollupBuilder(inp);
  for (const p of pages) b.add(p);
  return summaryJson(b.finish(inp));
};

function sameWhateverTheOrder(inp: RollupInput) {
  const once = summaryJson(computeRollup(inp));
  const recs = [...inp.latest];
  expect(built(inp, [recs])).toBe(once);
  expect(built(inp, [[...recs].reverse()])).toBe(once);
  expect(built(inp, [recs.slice(2), recs.slice(0, 2)])).toBe(once);
  expect(built(inp, recs.map((r) => [r]).reverse())).toBe(once);
}

/** A form version whose "field" rows word their options, and whose "offices" rows are labelled, its own way. */
function version(v: number, fieldLabel: string | null, officesLabel: string | null, optionLabel: string): FormDef {
  return FormDef.parse({
    id: 'words-test',
    version: v,
    title: 'Biểu thử cách ghi',
    appliesTo: { provinces: [], tiers: ['commune'], periodKinds: ['Q3'], validFrom: '2026-01-01', validTo: null },
    document: { summaryTemplate: 'Công tác cải cách hành chính {period}', defaultSymbol: 'BC-UBND' },
    lists: [{ id: 'linh-vuc', label: 'Lĩnh vực', options: [{ key: 'dat-dai', label: optionLabel }] }],
    outline: [{ id: 'figures', numbering: 'upper-roman', title: 'Số liệu', indicators: ['LATE'] }],
    indicators: [
      {
        code: 'LATE',
        label: 'Số hồ sơ trễ hạn',
        type: 'count',
        breakdowns: [
          ...(fieldLabel ? [{ kind: 'list' as const, id: 'field', label: fieldLabel, list: 'linh-vuc' }] : []),
          ...(officesLabel ? [{ kind: 'subunit' as const, id: 'offices', label: officesLabel }] : []),
        ],
        aggregate: { kind: 'sum' },
      },
    ],
  } satisfies FormInput);
}

describe('the rollup a page at a time', () => {
  it('the seed and two districts, in any order or pages', () => {
    sameWhateverTheOrder(
      input([
        record('877', districtSummary({ inspected: 5, fields: [['tu-phap', 200]], communes: [['Xã Tân Hội', 7]] })),
        record('870', seedSummary(), { onTime: false, receivedAt: '2021-06-20T01:00:00.000Z' }),
        record('866', districtSummary({ inspected: 3, fields: [['dat-dai', 20]], communes: [['Xã  Mỹ Tân', 30]] })),
      ]),
    );
  });

  it('units on two versions of a form, in any order or pages', () => {
    sameWhateverTheOrder(
      input(
        [
          record('29995', sixAreaSummary(1, { done: 1, total: 4, xa: 15, late: [['dat-dai', 3]], portal: true })),
          record('28297', sixAreaSummary(2, { done: 8, total: 10, xa: 120, late: [['ho-tich', 1]], online: 30, satisfaction: 92.5 })),
          record('8201', sixAreaSummary(2, { done: 9, total: 9, tinh: 500, late: [['ho-tich', 4]], online: 55, satisfaction: 97 })),
          record('29992', sixAreaSummary(2, { done: 3, total: 6, xa: 40, late: [['dat-dai', 2]], online: 12, satisfaction: 88 })),
        ],
        { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV1, sixAreaV2] },
      ),
    );
  });

  it("the lowest unit code's wording of a row and of a breakdown the catalogue's form lacks, whatever the order", () => {
    // v3 (the catalogue's) has neither breakdown; v1 and v2 word them differently.
    const v1 = version(1, 'Lĩnh vực (bản 1)', 'Phòng ban', 'Đất đai (bản 1)');
    const v2 = version(2, 'Lĩnh vực (bản 2)', 'Đơn vị trực thuộc', 'Đất đai (bản 2)');
    const v3 = version(3, null, null, 'Đất đai');
    const summary = (f: FormDef, values: Record<string, ValueBody>): FormSummary => ({
      form: { id: f.id, version: f.version },
      values,
      compiled: [],
      warnings: [],
      warningCount: 0,
    });
    const late = (n: number): ValueBody => ({
      value: n,
      breakdown: { field: [{ key: 'dat-dai', value: n }], offices: [{ name: 'Văn phòng', value: n }] },
    });
    const inp = input(
      [
        record('29992', summary(v2, { LATE: late(2) })),
        record('28297', summary(v1, { LATE: late(1) })),
        record('29995', summary(v3, { LATE: { value: 3 } })),
      ],
      { province: '82', period: '2026-Q3', registry: registry2026, forms: [v1, v2, v3] },
    );
    sameWhateverTheOrder(inp);
    const s = computeRollup(inp);
    const b = s.indicators.find((i) => i.code === 'LATE')!.breakdowns;
    expect(b.map((x) => [x.id, x.label, x.rows.map((r) => r.label)])).toEqual([
      ['field', 'Lĩnh vực (bản 1)', ['Đất đai (bản 1)']],
      ['offices', 'Phòng ban', ['Văn phòng', 'Văn phòng']],
    ]);
  });

  it("a unit's older version arriving after its latest is left out, and the totals recounted", () => {
    const latest = [
      record('870', seedSummary()),
      record('866', districtSummary({ inspected: 3, fields: [['dat-dai', 20]] }), { version: 2, receivedAt: '2021-06-16T01:00:00.000Z' }),
    ];
    const inp = input(latest);
    const once = summaryJson(computeRollup(inp));
    const older = record('866', districtSummary({ inspected: 99, fields: [['dat-dai', 99]] }), { version: 1 });
    expect(built(inp, [latest, [older]])).toBe(once);
    expect(built(inp, [[latest[1]!], [older], [latest[0]!]])).toBe(once);
    // The newer arriving second replaces the older one.
    expect(built(inp, [[older], latest])).toBe(once);
  });
});

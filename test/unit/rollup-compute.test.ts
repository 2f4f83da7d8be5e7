/**
 * The edges of the rollup computation (shared/rollup/compute.ts) that
 * test/rollup/compute.test.ts leaves open, found by `npm run mutate`: the annex's order,
 * headings and blank texts, the change against a previous period with empty or zero
 * totals, when two periods compare, capped warnings, records and expected units in any
 * order, units reporting outside the expected list, the province's form and settings,
 * and the HTTP digest. No storage: `npm run test:unit`.
 */
import { describe, expect, it } from 'vitest';
import type { FormSummary } from '../../shared/forms/body.ts';
import { computeRollup, digest, periodStatus } from '../../shared/rollup/compute.ts';
import { DIGEST_TOP_ROWS, type RollupSummary } from '../../shared/rollup/schema.ts';
import {
  districtSummary,
  documentSettings87,
  input,
  record,
  registry2026,
  seedForm,
  seedSummary,
  sixAreaSummary,
  sixAreaV2,
} from '../rollup/fixtures.ts';

const withCompiled = (compiled: [string, string[]][]): FormSummary => ({
  ...districtSummary({}),
  compiled: compiled.map(([compileAs, texts]) => ({ sectionId: compileAs, compileAs, title: `Mục ${compileAs}`, texts })),
});

describe('the annex of compiled words', () => {
  it("follows the form model's order of kinds whatever order units give them, each under its Vietnamese heading", () => {
    const s = computeRollup(
      input([
        record(
          '866',
          withCompiled([
            ['lessons', ['Bài học 866.']],
            ['proposals', ['Đề xuất 866.']],
            ['recommendations', ['Kiến nghị 866.']],
            ['difficulties', ['Khó khăn 866.']],
            ['causes', ['Nguyên nhân 866.']],
            ['weaknesses', ['Hạn chế 866.']],
            ['strengths', ['Ưu điểm 866.']],
          ]),
        ),
        record('870', withCompiled([['strengths', ['Ưu điểm 870.']]])),
      ]),
    );
    expect(s.annex.map((a) => [a.compileAs, a.label, a.entries.map((e) => e.unit)])).toEqual([
      ['strengths', 'Ưu điểm', ['866', '870']],
      ['weaknesses', 'Hạn chế', ['866']],
      ['causes', 'Nguyên nhân', ['866']],
      ['difficulties', 'Khó khăn, vướng mắc', ['866']],
      ['recommendations', 'Kiến nghị', ['866']],
      ['proposals', 'Đề xuất', ['866']],
      ['lessons', 'Bài học kinh nghiệm', ['866']],
    ]);
  });

  it('puts kinds it has no heading for last, by name, under their own name', () => {
    const s = computeRollup(
      input([
        record(
          '866',
          withCompiled([
            ['zeta', ['Z.']],
            ['alpha', ['A.']],
            ['lessons', ['L.']],
          ]),
        ),
      ]),
    );
    expect(s.annex.map((a) => [a.compileAs, a.label])).toEqual([
      ['lessons', 'Bài học kinh nghiệm'],
      ['alpha', 'alpha'],
      ['zeta', 'zeta'],
    ]);
  });

  it('leaves out blank texts, and a section with nothing but blanks', () => {
    const s = computeRollup(
      input([
        record(
          '866',
          withCompiled([
            ['strengths', ['  ', 'Hoàn thành kế hoạch.', '']],
            ['weaknesses', [' ', '']],
          ]),
        ),
      ]),
    );
    expect(s.annex.map((a) => [a.compileAs, a.entries.map((e) => [e.unit, e.title, e.texts])])).toEqual([
      ['strengths', [['866', 'Mục strengths', ['Hoàn thành kế hoạch.']]]],
    ]);
  });
});

describe('the change against the previous period', () => {
  const base = () => computeRollup(input([record('870', seedSummary())]));
  const previous = (s: RollupSummary, totals: Record<string, number | null>, expected = s.units.map((u) => u.code)) => ({
    period: '2020-H1',
    runId: 'r',
    asOf: null,
    expected,
    completeness: s.completeness,
    totals,
  });
  const compared = (totals: Record<string, number | null>, o: { expected?: string[]; comparable?: boolean } = {}) => {
    const b = base();
    return computeRollup({
      ...input([record('870', seedSummary())], { previous: previous(b, totals, o.expected) }),
      ...(o.comparable === undefined ? {} : { comparable: o.comparable }),
    });
  };

  it('no delta or percent when either total is empty; no percent from a zero; only codes the previous period had', () => {
    const s = compared({ KIEM_TRA: 0, DU_KIEN_KT: null, KT_TAP_THE: 8 });
    expect(s.comparison!.indicators).toEqual({
      KIEM_TRA: { current: 10, previous: 0, delta: 10, percent: null },
      DU_KIEN_KT: { current: 12, previous: null, delta: null, percent: null },
      KT_TAP_THE: { current: 6, previous: 8, delta: -2, percent: -25 },
    });
    expect(Object.keys(s.comparison!.indicators)).not.toContain('HS_TRE_HAN');
  });

  it('an empty current total against a previous one has no delta', () => {
    // 866 reports without the radio question answered: the yes/no count is empty.
    const summary = districtSummary({});
    delete (summary.values as Record<string, unknown>).PHAT_THANH;
    const b = base();
    const s = computeRollup(input([record('866', summary)], { previous: previous(b, { PHAT_THANH: 1 }) }));
    expect(s.comparison!.indicators.PHAT_THANH).toEqual({ current: null, previous: 1, delta: null, percent: null });
  });

  it('compares only when the expected units are the very same codes, unless the registry says otherwise', () => {
    const b = base();
    const codes = b.units.map((u) => u.code);
    const swapped = [...codes.slice(0, -1), '999'];
    expect(compared({ KIEM_TRA: 5 }).comparison!.comparable).toBe(true);
    expect(compared({ KIEM_TRA: 5 }, { expected: swapped }).comparison).toMatchObject({ comparable: false, indicators: {} });
    expect(compared({ KIEM_TRA: 5 }, { expected: ['999', ...codes.slice(1)] }).comparison!.comparable).toBe(false);
    // One unit fewer, the others the same and in the same order.
    expect(compared({ KIEM_TRA: 5 }, { expected: codes.slice(0, -1) }).comparison!.comparable).toBe(false);
    expect(compared({ KIEM_TRA: 5 }, { expected: swapped, comparable: true }).comparison).toMatchObject({
      comparable: true,
      indicators: { KIEM_TRA: { current: 10, previous: 5 } },
    });
    expect(compared({ KIEM_TRA: 5 }, { comparable: false }).comparison!.comparable).toBe(false);
  });
});

describe('records and units in any order', () => {
  it('the latest version wins whatever order the records come in', () => {
    const s = computeRollup(
      input([
        record('866', districtSummary({ inspected: 3 }), { version: 2 }),
        record('866', districtSummary({ inspected: 99 }), { version: 1 }),
      ]),
    );
    expect(s.units.find((u) => u.code === '866')!.version).toBe(2);
    expect(s.indicators.find((i) => i.code === 'KIEM_TRA')!.total).toBe(3);
  });

  it('the status answer, too, takes the latest version whatever order the records come in', () => {
    const v1 = record('866', districtSummary({ inspected: 99 }), { version: 1 });
    const v2 = record('866', districtSummary({ inspected: 3 }), { version: 2, receivedAt: '2021-06-16T01:00:00.000Z' });
    for (const latest of [
      [v1, v2],
      [v2, v1],
    ])
      expect(periodStatus(input(latest)).units.find((u) => u.code === '866')).toMatchObject({ version: 2, receivedAt: v2.receivedAt });
  });

  it('expected units come out by code whatever order the registry lists them in', () => {
    const i = input([record('870', seedSummary())]);
    const s = computeRollup({ ...i, expected: [...i.expected].reverse() });
    expect(s.units.map((u) => u.code)).toEqual(computeRollup(i).units.map((u) => u.code));
    expect(s.units[0]!.code).toBe('866');
    expect(periodStatus({ ...i, expected: [...i.expected].reverse() }).units[0]!.code).toBe('866');
  });

  it('a unit that reports though not expected keeps the levels of its own tier in its figures', () => {
    const i = input([record('8201', sixAreaSummary(2, { done: 9, total: 9, tinh: 500 }))], {
      province: '82',
      period: '2026-Q3',
      registry: registry2026,
      forms: [sixAreaV2],
    });
    const s = computeRollup({ ...i, expected: i.expected.filter((u) => u.code !== '8201') });
    expect(s.unexpected.map((u) => [u.code, u.reason, u.figures.values.HS_TIEP_NHAN])).toEqual([
      ['8201', 'not_expected', { value: 500, levels: { tinh: 500 } }],
    ]);
  });
});

describe('warnings capped in storage', () => {
  it('count by the stored count, not by the warnings kept', () => {
    const capped = { ...seedSummary(), warningCount: 250 }; // three kept of 250
    const s = computeRollup(input([record('870', capped)]));
    expect([s.dataQuality.count, s.dataQuality.units, s.dataQuality.items.length]).toEqual([250, 1, 3]);
    expect(s.units.find((u) => u.code === '870')!.figures!.warnings).toBe(250);
    expect(digest(s).dataQuality).toEqual({ count: 250, units: 1 });
  });
});

describe("the status answer and the province's settings", () => {
  it('counts unaccepted reports by default', () => {
    expect(periodStatus(input([record('870', seedSummary())])).review.countsUnaccepted).toBe(true);
  });

  it("carries the province's document settings and its own form", () => {
    const s = computeRollup(input([record('870', seedSummary())], { document: documentSettings87, provinceForm: seedForm }));
    expect(s.document).toEqual(documentSettings87);
    expect(s.provinceForm).toEqual({ form: 'dt-test@1', title: seedForm.title });
    const none = computeRollup(input([record('870', seedSummary())]));
    expect([none.document, none.provinceForm]).toEqual([null, null]);
  });
});

describe('the HTTP digest', () => {
  it('counts the units on each form, and keeps the largest rows of a breakdown only', () => {
    const names = Array.from({ length: DIGEST_TOP_ROWS + 2 }, (_, i) => [`Xã Số ${i + 1}`, i + 1] as [string, number]);
    const s = computeRollup(
      input([record('870', seedSummary()), record('866', districtSummary({ communes: names })), record('877', districtSummary({}))]),
    );
    const d = digest(s);
    expect(d.forms).toEqual([{ form: 'dt-test@1', title: seedForm.title, units: 3 }]);
    const communes = d.totals.find((t) => t.code === 'HS_TRE_HAN')!.breakdowns.find((b) => b.id === 'commune')!;
    expect(communes.top).toHaveLength(DIGEST_TOP_ROWS);
    // Xã Long Thuận of 870 and of 877 (129 each), then 866's twelve communes from the largest.
    expect(communes.top.map((r) => r.total)).toEqual([129, 129, 12, 11, 10, 9, 8, 7, 6, 5]);
  });

  it('gives no previous total for a code the previous period did not have', () => {
    const b = computeRollup(input([record('870', seedSummary())]));
    const s = computeRollup(
      input([record('870', seedSummary())], {
        previous: {
          period: '2020-H1',
          runId: 'r',
          asOf: null,
          expected: b.units.map((u) => u.code),
          completeness: b.completeness,
          totals: { KIEM_TRA: 4 },
        },
      }),
    );
    const d = digest(s);
    expect(d.totals.find((t) => t.code === 'KIEM_TRA')!.previous).toBe(4);
    expect(d.totals.find((t) => t.code === 'DU_KIEN_KT')!.previous).toBeNull();
    expect(d.comparison).toEqual({ period: '2020-H1', comparable: true, note: null });
    expect(digest(b).comparison).toBeNull();
  });
});

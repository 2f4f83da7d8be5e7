/**
 * Form selection (shared/forms/select.ts) at its edges, on forms written for the purpose:
 * the first and last day of a form's validity against the period's cut-off end, a
 * province list that leaves the province out, the tier and period kind, the newest
 * version whatever order the catalogue lists them in, and the ids of ambiguous forms in
 * order. No storage: `npm run test:unit`.
 */
import { describe, expect, it } from 'vitest';
import { FormDef, type FormInput } from '../../shared/forms/model.ts';
import { newestVersions, selectForm } from '../../shared/forms/select.ts';
import { parsePeriod } from '../../shared/periods/period.ts';

type AppliesTo = FormInput['appliesTo'];

function form(id: string, appliesTo: Partial<AppliesTo> = {}, version = 1): FormDef {
  return FormDef.parse({
    id,
    version,
    title: `Mẫu ${id}`,
    appliesTo: { provinces: [], tiers: ['commune'], periodKinds: ['Q3'], validFrom: '2026-01-01', validTo: null, ...appliesTo },
    document: { summaryTemplate: 'Công tác cải cách hành chính {period}', defaultSymbol: 'BC-UBND' },
    outline: [{ id: 'only', numbering: 'upper-roman', title: 'Nội dung', blocks: ['paragraphs'] }],
  } satisfies FormInput);
}

// 2026-Q3: cut-off end 2026-09-14, the day validity is judged on.
const Q3 = parsePeriod('2026-Q3')!;
const select = (forms: FormDef[], o: { province?: string; tier?: 'commune' | 'district'; period?: string } = {}) =>
  selectForm(forms, { province: o.province ?? '82', tier: o.tier ?? 'commune', period: o.period ? parsePeriod(o.period)! : Q3 });
const chosen = (forms: FormDef[], o?: Parameters<typeof select>[1]) => {
  const s = select(forms, o);
  return s.ok ? `${s.form.id}@${s.form.version}` : s.reason;
};

describe("a form's validity, against the period's cut-off end", () => {
  it('applies from its first day, inclusive', () => {
    expect(Q3.cutoffEnd).toBe('2026-09-14');
    expect(chosen([form('starts', { validFrom: '2026-09-14' })])).toBe('starts@1');
    expect(chosen([form('starts', { validFrom: '2026-09-15' })])).toBe('none');
  });

  it('applies to its last day, inclusive, and not after', () => {
    expect(chosen([form('ends', { validTo: '2026-09-14' })])).toBe('ends@1');
    expect(chosen([form('ends', { validTo: '2026-09-13' })])).toBe('none');
  });
});

describe('where a form applies', () => {
  it("a province's own form applies only in the provinces it lists, and there comes before the national one", () => {
    const own = form('own', { provinces: ['87', '82'] });
    const national = form('national');
    expect(chosen([national, own], { province: '82' })).toBe('own@1');
    expect(chosen([national, own], { province: '83' })).toBe('national@1');
    expect(chosen([own], { province: '83' })).toBe('none');
  });

  it('only to the tiers and period kinds it names', () => {
    const f = form('commune-q3');
    expect(chosen([f], { tier: 'district' })).toBe('none');
    expect(chosen([f], { period: '2026-Q4' })).toBe('none');
    expect(chosen([f], { period: '2026-Q3' })).toBe('commune-q3@1');
  });
});

describe('versions and ambiguity', () => {
  it('the newest version of an id, whatever order the catalogue lists them in', () => {
    const v1 = form('form-f', {}, 1);
    const v3 = form('form-f', {}, 3);
    const v2 = form('form-f', {}, 2);
    expect(chosen([v1, v3, v2])).toBe('form-f@3');
    expect(chosen([v3, v1, v2])).toBe('form-f@3');
    expect(newestVersions([v2, v3, v1]).map((f) => f.version)).toEqual([3]);
  });

  it('two forms of the same standing are ambiguous, named in id order', () => {
    expect(select([form('zeta'), form('alpha'), form('mid')])).toEqual({ ok: false, reason: 'ambiguous', ids: ['alpha', 'mid', 'zeta'] });
    // Two provincial forms are as ambiguous as two national ones; the national one does not count then.
    expect(select([form('p2', { provinces: ['82'] }), form('national'), form('p1', { provinces: ['82'] })])).toEqual({
      ok: false,
      reason: 'ambiguous',
      ids: ['p1', 'p2'],
    });
  });
});

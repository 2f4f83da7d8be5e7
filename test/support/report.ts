/** A body through the service's pipeline without storage: form selection, schema, checks, summary (for fixtures and benches). */
import { readFileSync } from 'node:fs';
import type { FormSummary, ReportBody } from '../../shared/forms/body.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { reportFacts, type ReportFacts } from '../../shared/forms/facts.ts';
import type { FormDef } from '../../shared/forms/model.ts';
import { selectForm } from '../../shared/forms/select.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { Registry } from '../../shared/registry/registry.ts';
import { checkReport, type Finding } from '../../shared/report/checks.ts';
import { summarise } from '../../shared/report/summary.ts';
import { parseReport } from '../../shared/report/validate.ts';

export interface Checked {
  report: ReportBody;
  form: FormDef;
  facts: ReportFacts;
  errors: Finding[];
  warnings: Finding[];
  summary: FormSummary;
}

/**
 * `formId` names the form when the unit has none to select (a unit the registry does not
 * know, a period after the districts were dissolved): the rollup still sees such records.
 */
export function checkBody(
  unit: string,
  periodId: string,
  body: unknown,
  o: { registry?: Registry; previous?: FormSummary; formId?: string } = {},
): Checked {
  const registry = o.registry ?? bundledRegistry();
  const period = parsePeriod(periodId)!;
  // The unit and province in force during the period (codes are reused across 2025).
  const org = registry.unitForPeriod(unit, period) ?? { ...registry.history('870')[0]!, code: unit, name: `Đơn vị ${unit}` };
  const province = registry.provinceOn(unit, registry.referenceDate(period))?.code ?? '87';
  const config = registry.provinceConfig(province)?.forms;
  const sel = o.formId ? undefined : selectForm(bundledForms(), { province, tier: org.kind, period, config });
  const form = sel?.ok ? sel.form : bundledForms().find((f) => f.id === (o.formId ?? 'dong-thap-2021'))!;
  const parsed = parseReport(form, body, 'vi');
  if (!parsed.ok) throw new Error(`invalid body: ${JSON.stringify(parsed.details)}`);
  const facts = reportFacts(registry, org, period, form);
  const { errors, warnings } = checkReport(parsed.report, {
    form,
    facts,
    period,
    tier: org.kind,
    children: registry.children(unit, registry.referenceDate(period)),
    previous: o.previous,
  });
  return { report: parsed.report, form, facts, errors, warnings, summary: summarise(parsed.report, form, facts, warnings) };
}

/** The seed report as any district may send it (the server supplies authority, place and summary). */
export const seedBody = (): Record<string, any> => {
  const b = JSON.parse(readFileSync(new URL('../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));
  delete b.header.issuingAuthority;
  delete b.header.place;
  delete b.header.summary;
  return b;
};

/** The body dated in the last month of another period (a report is written near its period's end). */
export function forPeriod(body: Record<string, any>, periodId: string): Record<string, any> {
  const p = parsePeriod(periodId)!;
  if (periodId === '2021-H1') return body;
  return { ...body, header: { ...body.header, date: { year: p.year, month: p.lastMonth, day: null } } };
}

let small: Registry | undefined;
/**
 * The bundled registry cut to the provinces the domain tests use (87, Đồng Tháp; 82, with
 * the 2026 communes): the same units, without the national list that makes each lookup
 * slow (fast tests and `npm run mutate` call checkBody thousands of times).
 */
export function testRegistry(): Registry {
  if (!small) {
    const full = bundledRegistry();
    const keep = new Set(['87', '82']);
    small = new Registry({ ...full.data, units: full.data.units.filter((u) => keep.has(full.provinceOf(u.code) ?? '')) });
  }
  return small;
}

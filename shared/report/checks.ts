/**
 * Checks on a well-typed report body, from its form's rules and from what every report
 * must respect whatever its form (a real header day, a date in the period's window, the
 * server's facts, documents not dated after the report, sub-units under this unit).
 * Errors refuse the submission; warnings are stored with the version and returned.
 */
import { vnDate, pad2 } from '../format/vi.ts';
import type { CellBody, FormSummary, ReportBody, ValueBody } from '../forms/body.ts';
import { sameFact, type ReportFacts } from '../forms/facts.ts';
import type { FormDef, IndicatorDef, RuleDef } from '../forms/model.ts';
import { addDays, type Period } from '../periods/period.ts';
import type { OrgUnit } from '../registry/registry.ts';
import type { Finding } from './finding.ts';
import { lookalikeWarnings } from './lookalikes.ts';
import { jsonPath } from './path.ts';
import { documentRefs } from './refs.ts';

export { localise, type Finding } from './finding.ts';

export interface CheckContext {
  form: FormDef;
  facts: ReportFacts;
  period: Period;
  /** The reporting unit's tier (the registry's kind). */
  tier: OrgUnit['kind'];
  /** Units under the reporting unit in the registry on the period's cut-off end. */
  children: readonly OrgUnit[];
  /** The unit's summary of its previous period, for outliers. */
  previous?: FormSummary | undefined;
}

export interface CheckResult {
  errors: Finding[];
  warnings: Finding[];
}

/** The last day the report can be dated: its day, or the end of its month when blank. */
export function reportDateBound(r: ReportBody): string {
  const { year, month, day } = r.header.date;
  const d = day ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

/** A report is written from its window's start to a quarter after its cut-off (compared by month). */
function plausibleMonths(p: Period): [string, string] {
  return [p.cutoffStart.slice(0, 7), addDays(p.cutoffEnd, 92).slice(0, 7)];
}

// ---------------------------------------------------------------------------
// Values.

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** An indicator's total: its value, else the sum of its levels' values. */
export function totalOf(v: ValueBody | undefined): number | undefined {
  if (!v) return undefined;
  if (typeof v.value === 'number') return v.value;
  const levels = Object.values(v.levels ?? {}).map((c) => num(c?.value));
  return levels.some((x) => x !== undefined) ? levels.reduce<number>((a, x) => a + (x ?? 0), 0) : undefined;
}

/** The cells of a value with their paths: the total, then each level. */
function cells(code: string, v: ValueBody): { level?: string; cell: CellBody; path: (string | number)[] }[] {
  const out: { level?: string; cell: CellBody; path: (string | number)[] }[] = [{ cell: v, path: ['values', code] }];
  for (const [level, cell] of Object.entries(v.levels ?? {})) if (cell) out.push({ level, cell, path: ['values', code, 'levels', level] });
  return out;
}

function levelLabel(ind: IndicatorDef | undefined, key: string): string {
  const b = ind?.breakdowns.find((x) => x.kind === 'level');
  return b?.kind === 'level' ? (b.levels.find((l) => l.key === key)?.label ?? key) : key;
}

const far = (now: number, before: number, factor: number, minGap: number) =>
  Math.abs(now - before) >= minGap && (now > before * factor || now * factor < before);

const round2 = (n: number) => Math.round(n * 100) / 100;

function ruleFindings(rule: RuleDef, r: ReportBody, form: FormDef, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const ind = (code: string) => form.indicators.find((i) => i.code === code);
  const label = (code: string) => ind(code)?.label ?? code;
  const add = (path: (string | number)[], code: string, params: Record<string, string | number>) =>
    out.push({ path: jsonPath(path), code, params });
  switch (rule.kind) {
    case 'required': {
      if (totalOf(r.values[rule.indicator]) === undefined && r.values[rule.indicator]?.value === undefined)
        add(['values', rule.indicator], 'RULE_REQUIRED', { label: label(rule.indicator) });
      break;
    }
    case 'range': {
      const v = r.values[rule.indicator];
      if (!v) break;
      for (const c of cells(rule.indicator, v)) {
        const x = num(c.cell.value);
        if (x === undefined) continue;
        if ((rule.min !== undefined && x < rule.min) || (rule.max !== undefined && x > rule.max))
          add([...c.path, 'value'], 'RULE_RANGE', { label: label(rule.indicator), value: x, min: rule.min ?? '-∞', max: rule.max ?? '∞' });
      }
      break;
    }
    case 'partOfWhole': {
      const whole = r.values[rule.whole];
      if (!whole) break;
      const parts = rule.parts.map((p) => r.values[p]);
      const partsLabel = rule.parts.map(label).join(' + ');
      // Level by level where the whole has levels; the totals where both give one.
      for (const [level, cell] of Object.entries(whole.levels ?? {})) {
        const w = num(cell?.value);
        if (w === undefined) continue;
        const xs = parts.map((p) => num(p?.levels?.[level]?.value));
        if (xs.every((x) => x === undefined)) continue;
        const sum = xs.reduce<number>((a, x) => a + (x ?? 0), 0);
        if (sum > w)
          add(['values', rule.whole, 'levels', level, 'value'], 'RULE_PART_OF_WHOLE', {
            parts: partsLabel,
            whole: label(rule.whole),
            level: levelLabel(ind(rule.whole), level),
            sum,
            total: w,
          });
      }
      const w = num(whole.value);
      if (w !== undefined) {
        const xs = parts.map((p) => totalOf(p));
        if (xs.some((x) => x !== undefined)) {
          const sum = xs.reduce<number>((a, x) => a + (x ?? 0), 0);
          if (sum > w)
            add(['values', rule.whole, 'value'], 'RULE_PART_OF_WHOLE', {
              parts: partsLabel,
              whole: label(rule.whole),
              level: '',
              sum,
              total: w,
            });
        }
      }
      break;
    }
    case 'breakdownSum': {
      const v = r.values[rule.indicator];
      if (!v) break;
      for (const c of cells(rule.indicator, v)) {
        const total = num(c.cell.value);
        const rows = c.cell.breakdown?.[rule.breakdown];
        if (total === undefined || !rows) continue;
        let sum = 0;
        let overRow = false;
        rows.forEach((row, i) => {
          sum += row.value;
          if (row.value > total) {
            overRow = true;
            add([...c.path, 'breakdown', rule.breakdown, i, 'value'], 'PART_EXCEEDS_WHOLE', { part: row.value, whole: total });
          }
        });
        if (sum > total && !overRow) add([...c.path, 'breakdown', rule.breakdown], 'SUM_EXCEEDS_TOTAL', { sum, total });
      }
      break;
    }
    case 'ratio': {
      const v = num(r.values[rule.indicator]?.value);
      const n = totalOf(r.values[rule.numerator]);
      const d = totalOf(r.values[rule.denominator]);
      if (v === undefined || n === undefined || d === undefined || d === 0) break;
      const expected = (100 * n) / d;
      // Officials round to two decimals: 23/39 is written 58,97 %.
      if (Math.abs(v - expected) > rule.tolerance + 0.005)
        add(['values', rule.indicator, 'value'], 'RULE_RATIO', {
          label: label(rule.indicator),
          value: v,
          expected: round2(expected),
          numerator: n,
          denominator: d,
        });
      break;
    }
    case 'outlier': {
      const v = r.values[rule.indicator];
      const before = ctx.previous?.values[rule.indicator];
      if (!v || !before) break;
      for (const c of cells(rule.indicator, v)) {
        const now = num(c.cell.value);
        const prev = num(c.level === undefined ? before.value : before.levels?.[c.level]?.value);
        if (now !== undefined && prev !== undefined && far(now, prev, rule.factor, rule.minGap))
          add([...c.path, 'value'], 'VALUE_OUTLIER', { value: now, previous: prev, label: label(rule.indicator) });
      }
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Form-independent checks.

function headerFindings(r: ReportBody, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const { year, month, day } = r.header.date;
  if (day !== null && new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1)
    out.push({ path: '$.header.date.day', code: 'HEADER_DATE_INVALID', params: {} });
  const [from, to] = plausibleMonths(ctx.period);
  const ym = `${year}-${pad2(month)}`;
  if (ym < from || ym > to)
    out.push({
      path: '$.header.date',
      code: 'PERIOD_MISMATCH',
      params: {
        reportDate: `${pad2(month)}/${year}`,
        period: ctx.facts.periodLabel,
        from: `${from.slice(5)}/${from.slice(0, 4)}`,
        to: `${to.slice(5)}/${to.slice(0, 4)}`,
      },
    });
  const facts: [keyof ReportBody['header'], string | undefined][] = [
    ['issuingAuthority', ctx.facts.issuingAuthority],
    ['parentAuthority', ctx.facts.parentAuthority],
    ['place', ctx.facts.place],
    ['summary', ctx.facts.summary],
  ];
  for (const [field, known] of facts) {
    const given = r.header[field];
    if (typeof given !== 'string') continue;
    if (known === undefined || !sameFact(given, known))
      out.push({ path: `$.header.${field}`, code: 'FACT_MISMATCH', params: { field, given, expected: known ?? '' } });
  }
  return out;
}

/** Levels the unit's tier lacks are absent, never zero; sub-unit rows must name this unit's sub-units. */
function valueFindings(r: ReportBody, ctx: CheckContext): CheckResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const byCode = new Map(ctx.children.map((u) => [u.code, u]));
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
  const names = new Set(ctx.children.map((u) => norm(u.name)));
  for (const ind of ctx.form.indicators) {
    const v = r.values[ind.code];
    if (!v) continue;
    const level = ind.breakdowns.find((b) => b.kind === 'level');
    if (level?.kind === 'level')
      for (const l of level.levels)
        if (l.tiers && !l.tiers.includes(ctx.tier) && v.levels?.[l.key] !== undefined)
          errors.push({
            path: jsonPath(['values', ind.code, 'levels', l.key]),
            code: 'LEVEL_NOT_FOR_TIER',
            params: { level: l.label, label: ind.label },
          });
    for (const b of ind.breakdowns) {
      if (b.kind !== 'subunit') continue;
      for (const c of cells(ind.code, v)) {
        const rows = c.cell.breakdown?.[b.id];
        if (!rows || rows.length === 0) continue;
        if (ctx.children.length === 0) {
          warnings.push({
            path: jsonPath([...c.path, 'breakdown', b.id]),
            code: 'SUBUNITS_NOT_LISTED',
            params: { unit: ctx.facts.unitName },
          });
          continue;
        }
        rows.forEach((row, i) => {
          if (!('name' in row)) return;
          const at = [...c.path, 'breakdown', b.id, i];
          if (row.unit !== undefined && !byCode.has(row.unit))
            errors.push({
              path: jsonPath([...at, 'unit']),
              code: 'SUBUNIT_NOT_UNDER_UNIT',
              params: { code: row.unit, unit: ctx.facts.unitName },
            });
          else if (row.unit !== undefined && norm(byCode.get(row.unit)!.name) !== norm(row.name))
            warnings.push({
              path: jsonPath([...at, 'name']),
              code: 'SUBUNIT_NAME_MISMATCH',
              params: { name: row.name, expected: byCode.get(row.unit)!.name },
            });
          else if (row.unit === undefined && !names.has(norm(row.name)))
            warnings.push({
              path: jsonPath([...at, 'name']),
              code: 'SUBUNIT_UNKNOWN_NAME',
              params: { name: row.name, unit: ctx.facts.unitName },
            });
        });
      }
    }
  }
  return { errors, warnings };
}

const sectionEmpty = (r: ReportBody, id: string) => {
  const s = r.sections[id];
  return !s || Object.values(s).every((xs) => !Array.isArray(xs) || xs.length === 0);
};

function documentWarnings(r: ReportBody): Finding[] {
  const out: Finding[] = [];
  const bound = reportDateBound(r);
  const { year, month, day } = r.header.date;
  const reportDate = day ? vnDate(bound) : `${pad2(month)}/${year}`;
  const refs = documentRefs(r);
  for (const { path, ref } of refs)
    if (ref.date && ref.date > bound)
      out.push({
        path: `${path}.date`,
        code: 'DOC_DATED_AFTER_REPORT',
        params: { number: ref.number, date: vnDate(ref.date), reportDate },
      });
  // The same number cited twice is normal (plan cited in the basis and the narrative);
  // the same number with a different kind or date is a likely typing error.
  const first = new Map<string, (typeof refs)[number]['ref']>();
  for (const { path, ref } of refs) {
    const f = first.get(ref.number);
    if (!f) first.set(ref.number, ref);
    else if (f.kind !== ref.kind || (f.date && ref.date && f.date !== ref.date))
      out.push({ path, code: 'DUPLICATE_DOCUMENT', params: { number: ref.number } });
  }
  return out;
}

export function checkReport(r: ReportBody, ctx: CheckContext): CheckResult {
  const errors: Finding[] = [...headerFindings(r, ctx)];
  const warnings: Finding[] = [];
  const walk = (ss: FormDef['outline']) =>
    ss.forEach((s) => {
      if (s.required && s.blocks.length > 0 && sectionEmpty(r, s.id))
        errors.push({
          path: jsonPath(['sections', s.id]),
          code: 'SECTION_REQUIRED',
          params: { title: s.title.replace(/\s*\{\w+\}/g, '') },
        });
      walk(s.children);
    });
  walk(ctx.form.outline);
  const v = valueFindings(r, ctx);
  errors.push(...v.errors);
  for (const rule of ctx.form.rules) (rule.severity === 'error' ? errors : warnings).push(...ruleFindings(rule, r, ctx.form, ctx));
  warnings.push(...documentWarnings(r), ...v.warnings, ...lookalikeWarnings(r));
  return { errors, warnings };
}

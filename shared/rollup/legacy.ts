/**
 * Transitional: the rollup still totals the fixed figures of the first report shape.
 * This maps a FormSummary (every indicator value of the report's form) onto them by the
 * indicator codes the bundled forms use, until the rollup totals any indicator by its
 * form's aggregation rule (issue 11 replaces this file).
 */
import type { BreakdownRow, CellBody, FormSummary, ValueBody } from '../forms/body.ts';
import { bundledForms } from '../forms/bundled.ts';
import type { Finding } from '../report/finding.ts';

type Level = 'unit' | 'commune';

export interface ReportSummary {
  inspected: number | null;
  inspectedKind: string | null;
  planned: number | null;
  plannedKind: string | null;
  provincialArticles: number | null;
  unitArticles: number | null;
  radioColumn: boolean | null;
  awardsCollectives: number | null;
  awardsIndividuals: number | null;
  lateDossiers: {
    level: Level;
    total: number;
    byField: { field: string; count: number }[];
    byUnit: { unitName: string; unitCode: string | null; count: number }[];
  }[];
  dossiers: {
    level: Level;
    received: number | null;
    resolvedOnTime: number | null;
    resolvedLate: number | null;
    pending: number | null;
    overdue: number | null;
  }[];
  onlineServices: { fullOnline: number | null; partialOnline: number | null; dossiersOnline: number | null } | null;
  warnings: Finding[];
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const first = (s: FormSummary, ...codes: string[]): ValueBody | undefined => codes.map((c) => s.values[c]).find((v) => v !== undefined);

/** A list option's label ("dat-dai" → "Đất đai") from the report's form, else the key. */
function optionLabel(s: FormSummary, key: string): string {
  const form = bundledForms().find((f) => f.id === s.form.id && f.version === s.form.version);
  for (const l of form?.lists ?? []) {
    const o = l.options.find((x) => x.key === key);
    if (o) return o.label;
  }
  return key;
}

function cellOf(v: ValueBody | undefined, level: Level): CellBody | undefined {
  if (!v) return undefined;
  if (v.levels) return v.levels[level];
  return level === 'unit' ? v : undefined;
}

const memo = new WeakMap<FormSummary, ReportSummary>();

/** Memoised per summary object: the rollup reads each record's figures several times. */
export function legacySummary(s: FormSummary): ReportSummary {
  const hit = memo.get(s);
  if (hit) return hit;
  const r = mapSummary(s);
  memo.set(s, r);
  return r;
}

function mapSummary(s: FormSummary): ReportSummary {
  const v = (...codes: string[]) => first(s, ...codes);
  const late = v('LATE_DOSSIERS');
  const lateDossiers: ReportSummary['lateDossiers'] = [];
  for (const level of ['unit', 'commune'] as const) {
    const c = cellOf(late, level);
    if (!c || typeof c.value !== 'number') continue;
    const rows = Object.values(c.breakdown ?? {}).flat() as BreakdownRow[];
    lateDossiers.push({
      level,
      total: c.value,
      byField: rows.filter((r): r is { key: string; value: number } => 'key' in r).map((r) => ({ field: optionLabel(s, r.key), count: r.value })),
      byUnit: rows
        .filter((r): r is { unit?: string; name: string; value: number } => 'name' in r)
        .map((r) => ({ unitName: r.name, unitCode: r.unit ?? null, count: r.value })),
    });
  }
  const dossiers: ReportSummary['dossiers'] = [];
  for (const level of ['unit', 'commune'] as const) {
    const cell = (code: string) => num(cellOf(v(code), level)?.value);
    const d = {
      level,
      received: cell('DOSSIERS_RECEIVED'),
      resolvedOnTime: cell('DOSSIERS_ON_TIME'),
      resolvedLate: cell('DOSSIERS_LATE'),
      pending: cell('DOSSIERS_PENDING'),
      overdue: cell('DOSSIERS_OVERDUE'),
    };
    if (Object.values(d).some((x) => typeof x === 'number')) dossiers.push(d);
  }
  const full = num(v('ONLINE_FULL', 'ONLINE_SERVICES_FULL')?.value);
  const partial = num(v('ONLINE_PARTIAL', 'ONLINE_SERVICES_PARTIAL')?.value);
  const online = num(v('ONLINE_DOSSIERS')?.value);
  const inspected = v('INSPECTED_UNITS', 'INSPECTIONS_DONE');
  const planned = v('PLANNED_INSPECTIONS', 'INSPECTIONS_PLANNED');
  const radio = v('RADIO_COLUMN')?.value;
  return {
    inspected: num(inspected?.value),
    inspectedKind: inspected?.qualifier ?? null,
    planned: num(planned?.value),
    plannedKind: planned?.qualifier ?? null,
    provincialArticles: num(v('PROVINCIAL_PORTAL_ARTICLES')?.value),
    unitArticles: num(v('UNIT_PORTAL_ARTICLES')?.value),
    radioColumn: typeof radio === 'boolean' ? radio : null,
    awardsCollectives: num(v('AWARDS_COLLECTIVES')?.value),
    awardsIndividuals: num(v('AWARDS_INDIVIDUALS')?.value),
    lateDossiers,
    dossiers,
    onlineServices: full === null && partial === null && online === null ? null : { fullOnline: full, partialOnline: partial, dossiersOnline: online },
    warnings: s.warnings,
  };
}

/**
 * The provincial rollup, computed: pure and deterministic. From the latest summary of
 * every unit's report for one province and period (one Query), the forms those reports
 * were filled against, the registry's expected units and the previous period's rollup,
 * it gives who reported (on time, late, missing), every indicator totalled by its
 * form's rule (indicators.ts), the units' compiled words (the annex), the change
 * against the previous period and the data-quality checks. Same input, same output,
 * whatever order the records come in: every list is sorted (units by code).
 */
import type { FormDef } from '../forms/model.ts';
import type { FormSummary } from '../forms/body.ts';
import { compareUnitCodes } from '../format/vi.ts';
import { message } from '../i18n/messages.ts';
import { periodLabel, type Period } from '../periods/period.ts';
import type { ProvinceDocumentSettings } from '../province/settings.ts';
import type { OrgUnit } from '../registry/registry.ts';
import { catalogue, fieldLabel, formKey, TotalsAccumulator, unitValues, type UnitInput } from './indicators.ts';
import {
  ROLLUP_FORMAT,
  DIGEST_TOP_ROWS,
  type AnnexSection,
  type Comparison,
  type Completeness,
  type ReviewCounts,
  type ReviewState,
  type MetricChange,
  type PreviousRollup,
  type QualityItem,
  type RollupDigest,
  type RollupSummary,
  type StatusResponse,
  type StatusUnexpected,
  type StatusUnit,
  type UnitFigures,
  type UnitRow,
  type UnitValue,
} from './schema.ts';

/** What the rollup reads of a unit's latest item. */
export interface RollupRecord {
  unit: string;
  version: number;
  receivedAt: string;
  /** Receipt of the first accepted version: on time / late is judged on it. */
  firstReceivedAt: string;
  onTime: boolean;
  summary: FormSummary;
  /** The province's review of this version (absent: chờ duyệt). */
  reviewState?: ReviewState;
}

export interface RollupInput {
  province: { code: string; name: string };
  period: Period;
  /** deadlineDate(period, the province's policy). */
  deadline: string;
  registryVersion: string;
  /** The change marker's sequence, read before the Query. */
  changeSeq: number;
  /** registry.expectedUnits(province, period). */
  expected: readonly OrgUnit[];
  /** Registry lookup, to name units that reported without being expected. */
  unit: (code: string) => OrgUnit | undefined;
  /** Every unit's latest item of the province-period. */
  latest: readonly RollupRecord[];
  /** The province's review setting: whether reports not accepted count in the totals (default true). */
  countUnaccepted?: boolean;
  /** The forms the records name (id@version → FormDef); a form not found leaves its units' values out. */
  forms: ReadonlyMap<string, FormDef>;
  previous: PreviousRollup | null;
  /** The province's document settings and its province-tier form, when configured. */
  document?: ProvinceDocumentSettings | null;
  provinceForm?: FormDef | null;
  /**
   * Whether this period compares with the previous one (the registry's answer when it
   * has one); by default, whether the two periods' expected unit sets are the same.
   */
  comparable?: boolean;
}

export const NOT_COMPARABLE = 'không so sánh được (sắp xếp đơn vị hành chính)';

/** Human labels of the compiled section kinds (the form model's CompileAs), in annex order. */
export const COMPILE_LABEL: Record<string, string> = {
  strengths: 'Ưu điểm',
  weaknesses: 'Hạn chế',
  causes: 'Nguyên nhân',
  difficulties: 'Khó khăn, vướng mắc',
  recommendations: 'Kiến nghị',
  proposals: 'Đề xuất',
  lessons: 'Bài học kinh nghiệm',
};
const COMPILE_ORDER = Object.keys(COMPILE_LABEL);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export { compareUnitCodes as compareCodes };

const statusOf = (r: RollupRecord) => (r.onTime ? 'on_time' : 'late') as 'on_time' | 'late';
const reviewOf = (r: RollupRecord): ReviewState => r.reviewState ?? 'submitted';
/** Whether a record's figures and words go into the totals and the annex. */
const isCounted = (r: RollupRecord, countUnaccepted: boolean) => countUnaccepted || reviewOf(r) === 'accepted';

interface Classified {
  rows: { unit: OrgUnit; record: RollupRecord | undefined }[];
  unexpected: { record: RollupRecord; unit: OrgUnit | undefined; reason: 'unknown_unit' | 'not_expected' }[];
}

/** An expected unit's completeness row (the status answer, and the rollup's row less figures). */
function statusUnit({ unit, record }: Classified['rows'][number]): StatusUnit {
  return {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    status: record ? statusOf(record) : 'missing',
    version: record?.version ?? null,
    firstReceivedAt: record?.firstReceivedAt ?? null,
    receivedAt: record?.receivedAt ?? null,
    review: record ? reviewOf(record) : null,
  };
}

/** A unit that reported but was not expected: listed, never counted. */
function statusUnexpected({ record, unit, reason }: Classified['unexpected'][number]): StatusUnexpected {
  return {
    code: record.unit,
    name: unit?.name ?? null,
    reason,
    status: statusOf(record),
    version: record.version,
    firstReceivedAt: record.firstReceivedAt,
    receivedAt: record.receivedAt,
    review: reviewOf(record),
  };
}

/** Expected units with their latest record (if any), and records of units that were not expected. */
function classify(expected: readonly OrgUnit[], latest: readonly RollupRecord[], lookup: (c: string) => OrgUnit | undefined): Classified {
  const byUnit = new Map<string, RollupRecord>();
  for (const r of latest) {
    const seen = byUnit.get(r.unit);
    if (!seen || r.version > seen.version) byUnit.set(r.unit, r);
  }
  const expectedCodes = new Set<string>();
  const rows = [...expected]
    .sort((a, b) => compareUnitCodes(a.code, b.code))
    .map((unit) => {
      expectedCodes.add(unit.code);
      return { unit, record: byUnit.get(unit.code) };
    });
  const unexpected = [...byUnit.values()]
    .filter((r) => !expectedCodes.has(r.unit))
    .sort((a, b) => compareUnitCodes(a.unit, b.unit))
    .map((record) => {
      const unit = lookup(record.unit);
      return { record, unit, reason: unit ? ('not_expected' as const) : ('unknown_unit' as const) };
    });
  return { rows, unexpected };
}

function completeness(c: Classified): Completeness {
  let onTime = 0;
  let late = 0;
  for (const { record } of c.rows) {
    if (!record) continue;
    if (record.onTime) onTime++;
    else late++;
  }
  return {
    expected: c.rows.length,
    reported: onTime + late,
    onTime,
    late,
    missing: c.rows.length - onTime - late,
    unexpected: c.unexpected.length,
  };
}

/** The expected units' reports by review state (units outside the list are never counted). */
function reviewCounts(c: Classified, countUnaccepted: boolean): ReviewCounts {
  const n = { accepted: 0, submitted: 0, returned: 0 };
  for (const { record } of c.rows) if (record) n[reviewOf(record)]++;
  return { ...n, countsUnaccepted: countUnaccepted };
}

/** The latest receipt time among the records: the instant the data is complete as of. */
function latestReceipt(latest: readonly RollupRecord[]): string | null {
  let max: string | null = null;
  for (const r of latest) if (max === null || r.receivedAt > max) max = r.receivedAt;
  return max;
}

function periodInfo(period: Period, deadline: string) {
  return { id: period.id, label: periodLabel(period), cutoffStart: period.cutoffStart, cutoffEnd: period.cutoffEnd, deadline };
}

/** GET .../periods/{period}/status: the completeness list alone. */
export function periodStatus(
  input: Pick<RollupInput, 'province' | 'period' | 'deadline' | 'registryVersion' | 'expected' | 'unit' | 'latest' | 'countUnaccepted'>,
): StatusResponse {
  const c = classify(input.expected, input.latest, input.unit);
  return {
    province: input.province,
    period: periodInfo(input.period, input.deadline),
    asOf: latestReceipt(input.latest),
    registryVersion: input.registryVersion,
    counts: completeness(c),
    review: reviewCounts(c, input.countUnaccepted ?? true),
    units: c.rows.map(statusUnit),
    unexpected: c.unexpected.map(statusUnexpected),
  };
}

function change(current: number | null, previous: number | null): MetricChange {
  const delta = current !== null && previous !== null ? Math.round((current - previous) * 1e6) / 1e6 : null;
  return {
    current,
    previous,
    delta,
    percent: delta !== null && previous !== null && previous > 0 ? Math.round((delta / previous) * 1000) / 10 : null,
  };
}

const COMPLETENESS_KEYS = ['expected', 'reported', 'onTime', 'late', 'missing'] as const;

function comparison(
  input: Pick<RollupInput, 'previous' | 'comparable'>,
  counts: Completeness,
  totals: Map<string, number | null>,
  expected: string[],
): Comparison | null {
  const p = input.previous;
  if (!p) return null;
  const sameUnits = p.expected.length === expected.length && p.expected.every((c, i) => c === expected[i]);
  const comparable = input.comparable ?? sameUnits;
  const base = { period: p.period, runId: p.runId, asOf: p.asOf, comparable };
  if (!comparable)
    return {
      ...base,
      note: `Kỳ này ${NOT_COMPARABLE} với kỳ ${p.period}: danh sách đơn vị phải báo cáo đã thay đổi.`,
      completeness: {},
      indicators: {},
    };
  const indicators: Record<string, MetricChange> = {};
  for (const [code, current] of totals) if (code in p.totals) indicators[code] = change(current, p.totals[code] ?? null);
  const comp: Record<string, MetricChange> = {};
  for (const k of COMPLETENESS_KEYS) comp[k] = change(counts[k], p.completeness[k]);
  return { ...base, note: null, completeness: comp, indicators };
}

function annex(reporting: readonly UnitInput[]): AnnexSection[] {
  const byKind = new Map<string, AnnexSection['entries']>();
  for (const u of reporting)
    for (const c of u.summary.compiled ?? []) {
      const texts = c.texts.filter((t) => t.trim() !== '');
      if (texts.length === 0) continue;
      const list = byKind.get(c.compileAs) ?? [];
      list.push({ unit: u.code, unitName: u.name, title: c.title, texts });
      byKind.set(c.compileAs, list);
    }
  const rank = (k: string) => (COMPILE_ORDER.includes(k) ? COMPILE_ORDER.indexOf(k) : COMPILE_ORDER.length);
  return [...byKind.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || cmp(a[0], b[0]))
    .map(([compileAs, entries]) => ({ compileAs, label: COMPILE_LABEL[compileAs] ?? compileAs, entries }));
}

function quality(reporting: readonly (UnitInput & { version: number })[]): RollupSummary['dataQuality'] {
  const items: QualityItem[] = [];
  let count = 0;
  let units = 0;
  for (const u of reporting) {
    const n = Math.max(u.summary.warningCount ?? 0, u.summary.warnings.length);
    count += n;
    if (n > 0) units++;
    for (const w of u.summary.warnings)
      items.push({
        unit: u.code,
        unitName: u.name,
        version: u.version,
        field: fieldLabel(w.path, u.form),
        message: message(w.code, 'vi', w.params),
        code: w.code,
        path: w.path,
        params: w.params,
      });
  }
  return { count, units, items };
}

/** What a RollupBuilder needs before the first record: who must report, the review setting and the forms. */
export type RollupBuilderOptions = Pick<RollupInput, 'expected' | 'countUnaccepted' | 'forms'>;

/**
 * The rollup, built a page of records at a time: each expected unit's values are read
 * and added to the totals as its record arrives (while the next page is being read),
 * the rest at `finish`. A unit whose record comes twice (not from the store, whose
 * partition holds one latest item per unit) keeps its highest version, and the totals
 * are then recounted from scratch.
 */
export class RollupBuilder {
  private readonly byUnit = new Map<string, RollupRecord>();
  private readonly expected: Map<string, OrgUnit>;
  private readonly countUnaccepted: boolean;
  private readonly values = new Map<string, Record<string, UnitValue>>();
  private totals = new TotalsAccumulator();
  private recount = false;
  private asOf: string | null = null;

  constructor(private readonly options: RollupBuilderOptions) {
    this.expected = new Map(options.expected.map((u) => [u.code, u]));
    this.countUnaccepted = options.countUnaccepted ?? true;
  }

  /** The forms must already hold the form of every record added (a form not there leaves the unit's values out). */
  add(records: Iterable<RollupRecord>): this {
    for (const r of records) {
      if (this.asOf === null || r.receivedAt > this.asOf) this.asOf = r.receivedAt;
      const seen = this.byUnit.get(r.unit);
      if (seen) {
        this.recount = true;
        if (r.version > seen.version) this.byUnit.set(r.unit, r);
        continue;
      }
      this.byUnit.set(r.unit, r);
      const unit = this.expected.get(r.unit);
      if (!unit) continue;
      const u = this.unitInput(unit.code, unit.name, unit.kind, r);
      const v = unitValues(u);
      this.values.set(unit.code, v);
      if (isCounted(r, this.countUnaccepted)) this.totals.add(u, v);
    }
    return this;
  }

  private unitInput(code: string, name: string, tier: string, record: RollupRecord) {
    return {
      code,
      name,
      tier,
      summary: record.summary,
      form: this.options.forms.get(formKey(record.summary.form)),
      version: record.version,
    };
  }

  finish(input: Omit<RollupInput, 'latest' | keyof RollupBuilderOptions>): RollupSummary {
    const c = classify(this.options.expected, [...this.byUnit.values()], input.unit);
    const counts = completeness(c);
    const countUnaccepted = this.countUnaccepted;
    // The units whose figures and words are compiled: every reporter, or the accepted ones when the province says so.
    const reporting = c.rows
      .filter((r) => r.record && isCounted(r.record, countUnaccepted))
      .map((r) => this.unitInput(r.unit.code, r.unit.name, r.unit.kind, r.record!));
    const valuesOf = (u: UnitInput) => {
      let v = this.values.get(u.code);
      if (!v || this.recount) {
        v = unitValues(u);
        this.values.set(u.code, v);
      }
      return v;
    };
    if (this.recount) {
      this.totals = new TotalsAccumulator();
      for (const u of reporting) this.totals.add(u, valuesOf(u));
      this.recount = false;
    }

    // The forms in use: those of the expected units that reported (unexpected units are listed, never totalled).
    const uses = new Map<string, { id: string; version: number; form: FormDef | undefined; units: string[] }>();
    for (const u of reporting) {
      const key = formKey(u.summary.form);
      const e = uses.get(key) ?? { id: u.summary.form.id, version: u.summary.form.version, form: u.form, units: [] };
      e.units.push(u.code);
      uses.set(key, e);
    }
    const known = [...uses.values()].flatMap((e) => (e.form ? [e.form] : []));
    const indicators = this.totals.totals(catalogue(known), reporting);

    const figures = (u: UnitInput & { version: number }, own: boolean): UnitFigures => ({
      form: formKey(u.summary.form),
      values: own ? valuesOf(u) : unitValues(u),
      warnings: Math.max(u.summary.warningCount ?? 0, u.summary.warnings.length),
    });
    const byCode = new Map(reporting.map((u) => [u.code, u]));
    const units: UnitRow[] = c.rows.map((row) => {
      const u = byCode.get(row.unit.code);
      // A report left out of the totals still shows its own figures, marked as not counted.
      const own = u ?? (row.record ? this.unitInput(row.unit.code, row.unit.name, row.unit.kind, row.record) : undefined);
      return { ...statusUnit(row), figures: own ? figures(own, true) : null, counted: u !== undefined };
    });
    const unexpected = c.unexpected.map((entry) => ({
      ...statusUnexpected(entry),
      figures: figures(
        this.unitInput(entry.record.unit, entry.unit?.name ?? entry.record.unit, entry.unit?.kind ?? '', entry.record),
        false,
      ),
    }));

    const totals = new Map(indicators.map((i) => [i.code, i.total]));
    const pf = input.provinceForm ?? null;
    return {
      format: ROLLUP_FORMAT,
      province: input.province,
      period: periodInfo(input.period, input.deadline),
      asOf: this.asOf,
      changeSeq: input.changeSeq,
      registryVersion: input.registryVersion,
      document: input.document ?? null,
      provinceForm: pf ? { form: formKey(pf), title: pf.title } : null,
      completeness: counts,
      review: reviewCounts(c, countUnaccepted),
      forms: [...uses.entries()]
        .sort((a, b) => cmp(a[1].id, b[1].id) || a[1].version - b[1].version)
        .map(([key, e]) => ({ form: key, id: e.id, version: e.version, title: e.form?.title ?? null, units: e.units })),
      units,
      unexpected,
      indicators,
      annex: annex(reporting),
      comparison: comparison(
        input,
        counts,
        totals,
        c.rows.map((r) => r.unit.code),
      ),
      dataQuality: quality(reporting),
    };
  }
}

/** The whole rollup at once (records in code order, so that the same records in any order give the same bytes). */
export function computeRollup(input: RollupInput): RollupSummary {
  const latest = [...input.latest].sort((a, b) => compareUnitCodes(a.unit, b.unit) || a.version - b.version);
  return new RollupBuilder(input).add(latest).finish(input);
}

/** The summary file's bytes: compact JSON, keys in a fixed order by construction. */
export function summaryJson(s: RollupSummary): string {
  return `${JSON.stringify(s)}\n`;
}

/** The HTTP answer's part of the summary: counts and totals, never per unit or per warning. */
export function digest(s: RollupSummary): RollupDigest {
  return {
    province: s.province,
    period: s.period,
    completeness: s.completeness,
    review: s.review,
    forms: s.forms.map((f) => ({ form: f.form, title: f.title, units: f.units.length })),
    totals: s.indicators.map((i) => ({
      code: i.code,
      label: i.label,
      unit: i.unit,
      total: i.total,
      units: i.coverage.units,
      of: i.coverage.of,
      previous: s.comparison?.comparable ? (s.comparison.indicators[i.code]?.previous ?? null) : null,
      breakdowns: i.breakdowns.map((b) => ({
        id: b.id,
        label: b.label,
        levelLabel: b.levelLabel,
        top: b.rows.slice(0, DIGEST_TOP_ROWS).map((r) => ({ label: r.label, total: r.total })),
      })),
    })),
    dataQuality: { count: s.dataQuality.count, units: s.dataQuality.units },
    comparison: s.comparison ? { period: s.comparison.period, comparable: s.comparison.comparable, note: s.comparison.note } : null,
  };
}

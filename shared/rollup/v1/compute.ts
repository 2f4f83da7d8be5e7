/**
 * The provincial rollup, computed: pure and deterministic. From the latest summary of
 * every unit's report for one province and period (one Query), the registry's expected
 * units and the previous period's totals, it gives who reported (on time, late,
 * missing), the province's totals and breakdowns, the change against the previous
 * period and the reports' warnings. Same input, same output, whatever order the
 * records come in: every list is sorted (units by code, numerically).
 */
import { message } from '../../i18n/messages.ts';
import { periodLabel, type Period } from '../../periods/period.ts';
import type { OrgUnit } from '../../registry/registry.ts';
import { legacySummary, type ReportSummary } from '../legacy.ts';
import type { LatestRecord } from '../../storage/ports.ts';
import {
  METRICS,
  ROLLUP_FORMAT,
  type Completeness,
  type FieldTotal,
  type MetricChange,
  type MetricKey,
  type PreviousRollup,
  type RollupSummary,
  type RollupTotals,
  type RollupWarning,
  type StatusResponse,
  type SubUnitTotal,
  type UnexpectedUnit,
  type UnitFigures,
  type StatusUnexpected,
  type StatusUnit,
  type UnitRow,
} from './schema.ts';

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
  latest: readonly LatestRecord[];
  previous: PreviousRollup | null;
  /** false when the previous period's reporting units are not this one's (Registry.sameReportingUnits). */
  comparable?: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A key whose plain string order is the numeric order of unit codes ("866" < "1000"; "00004" = 4), then as written. */
export function codeKey(code: string): string {
  const digits = code.replace(/^0+(?=\d)/, '');
  return `${digits.length.toString().padStart(3, '0')}${digits}|${code}`;
}

/** Unit codes in numeric order, then as written. */
export function compareCodes(a: string, b: string): number {
  return cmp(codeKey(a), codeKey(b));
}

/** Sorts by unit code without recomputing keys in the comparator (n log n comparisons at 10,000 units). */
function sortByCode<T>(items: readonly T[], code: (t: T) => string): T[] {
  return items
    .map((item) => ({ item, key: codeKey(code(item)) }))
    .sort((a, b) => cmp(a.key, b.key))
    .map((x) => x.item);
}

const LEVELS = ['unit', 'commune'] as const;
type Level = (typeof LEVELS)[number];

const statusOf = (r: LatestRecord) => (r.onTime ? 'on_time' : 'late') as 'on_time' | 'late';

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
  };
}

interface Classified {
  rows: { unit: OrgUnit; record: LatestRecord | undefined }[];
  unexpected: { record: LatestRecord; unit: OrgUnit | undefined; reason: 'unknown_unit' | 'not_expected' }[];
}

/** Expected units with their latest record (if any), and records of units that were not expected. */
function classify(expected: readonly OrgUnit[], latest: readonly LatestRecord[], lookup: (c: string) => OrgUnit | undefined): Classified {
  const byUnit = new Map<string, LatestRecord>();
  for (const r of latest) {
    const seen = byUnit.get(r.unit);
    if (!seen || r.version > seen.version) byUnit.set(r.unit, r);
  }
  const expectedCodes = new Set<string>();
  const rows = sortByCode(expected, (u) => u.code).map((unit) => {
    expectedCodes.add(unit.code);
    return { unit, record: byUnit.get(unit.code) };
  });
  const unexpected = sortByCode(
    [...byUnit.values()].filter((r) => !expectedCodes.has(r.unit)),
    (r) => r.unit,
  ).map((record) => {
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

/** The latest receipt time among the records: the instant the data is complete as of. */
function latestReceipt(latest: readonly LatestRecord[]): string | null {
  let max: string | null = null;
  for (const r of latest) if (max === null || r.receivedAt > max) max = r.receivedAt;
  return max;
}

function periodInfo(period: Period, deadline: string) {
  return { id: period.id, label: periodLabel(period), cutoffStart: period.cutoffStart, cutoffEnd: period.cutoffEnd, deadline };
}

/** GET .../periods/{period}/status: the completeness list alone. */
export function periodStatus(input: Omit<RollupInput, 'changeSeq' | 'previous'>): StatusResponse {
  const c = classify(input.expected, input.latest, input.unit);
  return {
    province: input.province,
    period: periodInfo(input.period, input.deadline),
    asOf: latestReceipt(input.latest),
    registryVersion: input.registryVersion,
    counts: completeness(c),
    units: c.rows.map(statusUnit),
    unexpected: c.unexpected.map(statusUnexpected),
  };
}

function levelTotal(s: ReportSummary, level: Level): number {
  let t = 0;
  for (const ld of s.lateDossiers) if (ld.level === level) t += ld.total;
  return t;
}

export function unitFigures(s: ReportSummary): UnitFigures {
  const unitLevel = levelTotal(s, 'unit');
  const communeLevel = levelTotal(s, 'commune');
  return {
    inspected: s.inspected,
    inspectedKind: s.inspectedKind,
    planned: s.planned,
    plannedKind: s.plannedKind,
    lateDossiersUnitLevel: unitLevel,
    lateDossiersCommuneLevel: communeLevel,
    lateDossiers: unitLevel + communeLevel,
    provincialArticles: s.provincialArticles,
    unitArticles: s.unitArticles,
    radioColumn: s.radioColumn,
    awardsCollectives: s.awardsCollectives,
    awardsIndividuals: s.awardsIndividuals,
    warnings: s.warnings.length,
  };
}

/** Sums that stay null until some report gives a value. */
class Sum {
  value: number | null = null;
  add(v: number | null | undefined): void {
    if (v === null || v === undefined) return;
    this.value = (this.value ?? 0) + v;
  }
}

/** Where the "unit" level's dossiers are handled, named after the kinds of reporting units. */
export function levelLabel(level: Level, expected: readonly OrgUnit[]): string {
  if (level === 'commune') return 'Cấp xã';
  const kinds = new Set(expected.map((u) => u.kind));
  if (kinds.size === 1) {
    if (kinds.has('district')) return 'Cấp huyện';
    if (kinds.has('commune')) return 'Cấp xã (tại đơn vị)';
    if (kinds.has('department')) return 'Cấp sở, ngành';
  }
  return 'Tại đơn vị báo cáo';
}

/** Field names as written vary in case and spacing ("Đất đai", "đất  đai"): one key per field. */
const fieldKey = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/** fieldKey, computed once per distinct spelling (the same few fields recur in every report). */
function memo(fn: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}

function change(current: RollupTotals, previous: RollupTotals): Record<string, MetricChange> {
  const out: Record<string, MetricChange> = {};
  for (const [k] of METRICS) {
    const c = current[k];
    const p = previous[k];
    const delta = c !== null && p !== null ? c - p : null;
    out[k] = { current: c, previous: p, delta, percent: delta !== null && p !== null && p > 0 ? Math.round((delta / p) * 1000) / 10 : null };
  }
  return out;
}

export function computeRollup(input: RollupInput): RollupSummary {
  const c = classify(input.expected, input.latest, input.unit);
  const counts = completeness(c);
  const reported = c.rows.filter((r): r is { unit: OrgUnit; record: LatestRecord } => r.record !== undefined);

  const sums = Object.fromEntries(METRICS.map(([k]) => [k, new Sum()])) as Record<MetricKey, Sum>;
  sums.reportedUnits.add(counts.reported);
  sums.onTimeUnits.add(counts.onTime);
  sums.lateUnits.add(counts.late);
  sums.missingUnits.add(counts.missing);
  sums.warnings.add(0);
  const levels = { unit: { total: 0, units: 0 }, commune: { total: 0, units: 0 } };
  const fields = new Map<string, { spellings: Map<string, number>; total: number; units: Map<string, number> }>();
  const subUnits = new Map<string, SubUnitTotal>();
  const warnings: RollupWarning[] = [];
  const keyOf = memo(fieldKey);
  const spellingOf = memo((f) => f.replace(/\s+/g, ' ').trim());
  if (reported.length > 0) {
    sums.lateDossiers.add(0);
    sums.lateDossiersUnitLevel.add(0);
    sums.lateDossiersCommuneLevel.add(0);
  }

  for (const { unit, record } of reported) {
    const s = legacySummary(record.summary);
    sums.inspected.add(s.inspected);
    sums.planned.add(s.planned);
    sums.provincialArticles.add(s.provincialArticles);
    sums.unitArticles.add(s.unitArticles);
    sums.radioColumnUnits.add(s.radioColumn === null ? null : s.radioColumn ? 1 : 0);
    sums.awardsCollectives.add(s.awardsCollectives);
    sums.awardsIndividuals.add(s.awardsIndividuals);
    for (const d of s.dossiers) {
      sums.dossiersReceived.add(d.received);
      sums.dossiersResolvedOnTime.add(d.resolvedOnTime);
      sums.dossiersResolvedLate.add(d.resolvedLate);
      sums.dossiersPending.add(d.pending);
      sums.dossiersOverdue.add(d.overdue);
    }
    if (s.onlineServices) {
      sums.fullOnlineServices.add(s.onlineServices.fullOnline);
      sums.partialOnlineServices.add(s.onlineServices.partialOnline);
      sums.dossiersOnline.add(s.onlineServices.dossiersOnline);
    }
    const seenLevels = new Set<Level>();
    for (const ld of s.lateDossiers) {
      const lv = levels[ld.level];
      lv.total += ld.total;
      if (!seenLevels.has(ld.level)) lv.units++;
      seenLevels.add(ld.level);
      sums.lateDossiers.add(ld.total);
      (ld.level === 'unit' ? sums.lateDossiersUnitLevel : sums.lateDossiersCommuneLevel).add(ld.total);
      for (const f of ld.byField) {
        const key = keyOf(f.field);
        let e = fields.get(key);
        if (!e) {
          e = { spellings: new Map(), total: 0, units: new Map() };
          fields.set(key, e);
        }
        const spelling = spellingOf(f.field);
        e.spellings.set(spelling, (e.spellings.get(spelling) ?? 0) + 1);
        e.total += f.count;
        e.units.set(unit.code, (e.units.get(unit.code) ?? 0) + f.count);
      }
      for (const u of ld.byUnit) {
        const name = spellingOf(u.unitName);
        const key = `${unit.code}|${ld.level}|${u.unitCode ? `c:${u.unitCode}` : `n:${keyOf(name)}`}`;
        const e = subUnits.get(key);
        if (e) e.count += u.count;
        else
          subUnits.set(key, {
            unitName: name,
            unitCode: u.unitCode,
            level: ld.level,
            reportingUnit: unit.code,
            reportingUnitName: unit.name,
            count: u.count,
          });
      }
    }
    sums.warnings.add(s.warnings.length);
    for (const w of s.warnings)
      warnings.push({
        unit: unit.code,
        unitName: unit.name,
        version: record.version,
        path: w.path,
        code: w.code,
        params: w.params,
        message: message(w.code, 'vi', w.params),
      });
  }

  const totals = Object.fromEntries(METRICS.map(([k]) => [k, sums[k].value])) as RollupTotals;

  const byField: FieldTotal[] = [...fields.values()]
    .map((e) => {
      // The most used spelling names the field (ties: the first in code-point order).
      const field = [...e.spellings.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]![0];
      const units = sortByCode([...e.units.entries()], (x) => x[0]).map(([code, count]) => ({ code, count }));
      return { field, total: e.total, units };
    })
    .sort((a, b) => b.total - a.total || cmp(a.field, b.field));

  const levelRank = (l: Level) => LEVELS.indexOf(l);
  const byUnit = [...subUnits.values()]
    .map((u) => ({ u, key: codeKey(u.reportingUnit) }))
    .sort(
      (a, b) =>
        b.u.count - a.u.count ||
        cmp(a.key, b.key) ||
        levelRank(a.u.level) - levelRank(b.u.level) ||
        cmp(a.u.unitName, b.u.unitName) ||
        cmp(a.u.unitCode ?? '', b.u.unitCode ?? ''),
    )
    .map((x) => x.u);

  const units: UnitRow[] = c.rows.map((row) => ({
    ...statusUnit(row),
    figures: row.record ? unitFigures(legacySummary(row.record.summary)) : null,
  }));

  const unexpected: UnexpectedUnit[] = c.unexpected.map((entry) => ({
    ...statusUnexpected(entry),
    figures: unitFigures(legacySummary(entry.record.summary)),
  }));

  return {
    format: ROLLUP_FORMAT,
    province: input.province,
    period: periodInfo(input.period, input.deadline),
    asOf: latestReceipt(input.latest),
    changeSeq: input.changeSeq,
    registryVersion: input.registryVersion,
    completeness: counts,
    units,
    unexpected,
    totals,
    lateDossiers: {
      byLevel: LEVELS.map((level) => ({ level, label: levelLabel(level, input.expected), ...levels[level] })),
      byField,
      byUnit,
    },
    previous: input.previous,
    change: input.previous && input.comparable !== false ? change(totals, input.previous.totals) : null,
    ...(input.previous && input.comparable === false
      ? {
          notComparable: `Kỳ này ${message('NOT_COMPARABLE_REORGANISED', 'vi')} với kỳ ${input.previous.period}: danh sách đơn vị phải báo cáo đã thay đổi.`,
        }
      : {}),
    warnings,
  };
}

/** The summary file's bytes: compact JSON, keys in a fixed order by construction. */
export function summaryJson(s: RollupSummary): string {
  return `${JSON.stringify(s)}\n`;
}

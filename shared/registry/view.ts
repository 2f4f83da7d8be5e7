/**
 * The registry as the service reads it: lookups of units by code and date, the
 * hierarchy of a day, which units report for a province and period, and each
 * province's settings. Its data is checked when it is saved (the schemas in
 * registry.ts, which re-exports this class); a Lambda builds one from the stored pieces
 * it needs (one province's units) without loading those schemas.
 */
import { compareUnitCodes, ictDate } from '../format/vi.ts';
import type { DeadlinePolicy, Period } from '../periods/period.ts';
import { DEFAULT_REVIEW_CONFIG } from '../review/defaults.ts';
import type { ReviewConfig } from '../review/config.ts';
import type { OrgUnit, ProvinceConfig, RegistryData, ReportingRule } from './registry.ts';
import { byCode, sameUnit, validOn } from './unit.ts';

/** The law of the time: district-level units until 30 June 2025, then communes and departments. */
export const DEFAULT_REPORTING_RULES: readonly ReportingRule[] = [
  { kinds: ['district'], from: '2000-01-01', to: '2025-06-30' },
  { kinds: ['commune', 'department'], from: '2025-07-01', to: null },
];

export class Registry {
  private readonly eras = new Map<string, OrgUnit[]>();
  private readonly childrenOf = new Map<string, OrgUnit[]>();
  private readonly provinces: Map<string, ProvinceConfig>;
  private readonly policies = new Map<string, DeadlinePolicy>();

  /**
   * Not validated here: RegistryData.parse checks a whole registry when it is saved;
   * a Lambda builds one from the stored pieces it needs (one province's units).
   */
  constructor(
    readonly data: RegistryData,
    private readonly clock: () => Date = () => new Date(),
  ) {
    for (const u of data.units) {
      const list = this.eras.get(u.code) ?? [];
      list.push(u);
      this.eras.set(u.code, list);
      if (u.parentCode) {
        const kids = this.childrenOf.get(u.parentCode) ?? [];
        kids.push(u);
        this.childrenOf.set(u.parentCode, kids);
      }
    }
    for (const list of this.eras.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    this.provinces = new Map(data.provinces.map((p) => [p.code, p]));
  }

  get version(): string {
    return this.data.version;
  }

  /** Today in Asia/Ho_Chi_Minh. */
  today(): string {
    return ictDate(this.clock());
  }

  /** The day whose hierarchy a period uses (the configured rule; default its cut-off end). */
  referenceDate(period: Period): string {
    return this.data.hierarchyDate === 'cutoffStart' ? period.cutoffStart : period.cutoffEnd;
  }

  /** The unit holding this code on a day (default today). */
  unit(code: string, on: string = this.today()): OrgUnit | undefined {
    return this.eras.get(code)?.find((u) => validOn(u, on));
  }

  /** Every unit that has held this code, oldest first. */
  history(code: string): OrgUnit[] {
    return [...(this.eras.get(code) ?? [])];
  }

  /**
   * The unit a token's code names: the one in force today, else the last one to hold
   * the code (a 2021 token for 870 still names Huyện Hồng Ngự).
   */
  principalUnit(code: string): OrgUnit | undefined {
    const list = this.eras.get(code);
    return this.unit(code) ?? list?.[list.length - 1];
  }

  /** The unit holding this code during a period (on its reference date). */
  unitForPeriod(code: string, period: Period): OrgUnit | undefined {
    return this.unit(code, this.referenceDate(period));
  }

  /** The province a unit sits under on a day (itself for a province). */
  provinceOn(code: string, on: string): OrgUnit | undefined {
    let u = this.unit(code, on);
    for (let hops = 0; u && hops < 10; hops++) {
      if (u.kind === 'province') return u;
      u = u.parentCode ? this.unit(u.parentCode, on) : undefined;
    }
    return undefined;
  }

  /** The province of the unit a code names (see principalUnit), as a code. */
  provinceOf(code: string): string | undefined {
    return this.principalProvince(code)?.code;
  }

  /** The province of the unit a token's code names, within that unit's own era. */
  principalProvince(code: string): OrgUnit | undefined {
    const u = this.principalUnit(code);
    if (!u) return undefined;
    // Today, clamped into the unit's validity.
    const today = this.today();
    const until = u.validTo !== null && u.validTo < today ? u.validTo : today;
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN
    return this.provinceOn(code, until < u.validFrom ? u.validFrom : until);
  }

  provinceCodes(): string[] {
    return [...this.provinces.keys()].sort(compareUnitCodes);
  }

  provinceConfig(code: string): ProvinceConfig | undefined {
    return this.provinces.get(code);
  }

  reportingRules(provinceCode: string): readonly ReportingRule[] {
    return this.provinces.get(provinceCode)?.reportingRules ?? DEFAULT_REPORTING_RULES;
  }

  /** Working days after the cut-off, statutory days off plus the province's own, swapped working days. */
  deadlinePolicy(provinceCode: string): DeadlinePolicy {
    let p = this.policies.get(provinceCode);
    if (!p) {
      const d = this.provinces.get(provinceCode)?.deadline;
      p = {
        workingDaysAfterCutoff: d?.workingDaysAfterCutoff ?? 2,
        holidays: [...this.data.calendar.daysOff, ...(d?.daysOff ?? [])],
        workingDays: d?.workingDays ?? [],
      };
      this.policies.set(provinceCode, p);
    }
    return p;
  }

  reviewConfig(provinceCode: string): ReviewConfig {
    return this.provinces.get(provinceCode)?.review ?? DEFAULT_REVIEW_CONFIG;
  }

  /** Units directly under a unit, in force on a day (a district's communes on the period's reference date). */
  children(parentCode: string, day: string): OrgUnit[] {
    const parent = this.unit(parentCode, day);
    if (!parent) return [];
    return (this.childrenOf.get(parentCode) ?? []).filter((u) => validOn(u, day)).sort(byCode);
  }

  /** Every unit under a unit on a day, at any depth. */
  descendants(code: string, day: string): OrgUnit[] {
    const out: OrgUnit[] = [];
    const queue = this.children(code, day);
    for (let u = queue.shift(); u; u = queue.shift()) {
      out.push(u);
      queue.push(...this.children(u.code, day));
    }
    return out.sort(byCode);
  }

  /** A province's units in force on a day, the province first. */
  unitsOfProvince(provinceCode: string, day: string): OrgUnit[] {
    const p = this.unit(provinceCode, day);
    if (p?.kind !== 'province') return [];
    return [p, ...this.descendants(provinceCode, day)];
  }

  /**
   * Units that must report for a province and period: units of the kinds the province's
   * rules name on the period's reference date, in force and under that province then.
   */
  expectedUnits(provinceCode: string, period: Period): OrgUnit[] {
    const day = this.referenceDate(period);
    const rule = this.reportingRules(provinceCode).find((r) => r.from <= day && (r.to === null || day <= r.to));
    if (!rule || !this.provinces.has(provinceCode)) return [];
    return this.descendants(provinceCode, day).filter((u) => rule.kinds.includes(u.kind));
  }

  /** May this unit report for this period? (It must be an expected unit of its province then.) */
  mayReport(unitCode: string, period: Period): boolean {
    const province = this.provinceOn(unitCode, this.referenceDate(period));
    if (!province) return false;
    return this.expectedUnits(province.code, period).some((u) => u.code === unitCode);
  }

  /**
   * Are two periods' reporting units the same units (same codes in the same eras)?
   * When not, figures must not be compared ("không so sánh được").
   */
  sameReportingUnits(provinceCode: string, a: Period, b: Period): boolean {
    const ua = this.expectedUnits(provinceCode, a);
    const ub = this.expectedUnits(provinceCode, b);
    const pa = this.unit(provinceCode, this.referenceDate(a));
    const pb = this.unit(provinceCode, this.referenceDate(b));
    return sameUnit(pa, pb) && ua.length === ub.length && ua.every((u, i) => sameUnit(u, ub[i]));
  }

  /**
   * May staff whose token names `staffUnit` read the reports of a province (as in force
   * for some period)? Their own province, or a predecessor their province's
   * configuration names in readsHistoryOf (one that ended before theirs began).
   */
  staffMayRead(staffUnit: string, province: OrgUnit | undefined): boolean {
    const mine = this.principalProvince(staffUnit);
    if (!mine || !province) return false;
    if (sameUnit(mine, province)) return true;
    const cfg = this.provinces.get(mine.code);
    return !!cfg?.readsHistoryOf.includes(province.code) && province.validTo !== null && province.validTo < mine.validFrom;
  }
}

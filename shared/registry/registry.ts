/**
 * The organisation-unit registry (đơn vị). The hierarchy is data: which units must
 * report for a province and period comes from the province's reporting rules and each
 * unit's validity, never from code that assumes districts.
 *
 * Codes are reused across the 2025 reorganisation (82 was Tiền Giang, is Đồng Tháp
 * since 1 July 2025), so a unit is a code AND a validity interval: every lookup takes a
 * date, and without one it means "in force today".
 */
import * as z from 'zod';
import { compareUnitCodes, ictDate } from '../format/vi.ts';
import { FormId, FormRef } from '../forms/ref.ts';
import type { DeadlinePolicy, Period } from '../periods/period.ts';
import { ProvinceDocumentSettings } from '../province/settings.ts';
import { Contact, DEFAULT_REVIEW_CONFIG, ReviewConfig } from '../review/config.ts';
import { sameUnit } from './same-unit.ts';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const code = z.string().regex(/^\d{1,10}$/);

export const UnitKind = z.enum(['province', 'district', 'commune', 'department']);
export type UnitKind = z.infer<typeof UnitKind>;

export const OrgUnit = z.strictObject({
  code,
  name: z.string().min(1).max(200),
  kind: UnitKind,
  parentCode: code.nullable(),
  validFrom: iso,
  validTo: iso.nullable(),
  successorCodes: z.array(code).default([]),
  /** Where notifications for this unit go (a province's: Sở Nội vụ staff, for the digest). */
  contact: Contact.optional(),
  /** The issuing authority as printed when it is not derived from the name ("ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ"). */
  authority: z.string().min(1).max(200).optional(),
  /** The place in "Hồng Ngự, ngày ..." when it is not derived from the name. */
  place: z.string().min(1).max(100).optional(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

export const ReportingRule = z.strictObject({ kinds: z.array(UnitKind).min(1), from: iso, to: iso.nullable() });
export type ReportingRule = z.infer<typeof ReportingRule>;

/** The law of the time: district-level units until 30 June 2025, then communes and departments. */
export const DEFAULT_REPORTING_RULES: readonly ReportingRule[] = [
  { kinds: ['district'], from: '2000-01-01', to: '2025-06-30' },
  { kinds: ['commune', 'department'], from: '2025-07-01', to: null },
];

export const ProvinceConfig = z.strictObject({
  code,
  /** Which unit kinds report, by date (default: DEFAULT_REPORTING_RULES). */
  reportingRules: z.array(ReportingRule).min(1).optional(),
  deadline: z
    .strictObject({
      /** Up to 60: a province may give a yearly report weeks, across Tết. */
      workingDaysAfterCutoff: z.number().int().min(0).max(60).default(2),
      /** Extra days off the government announced (the statutory ones are in the registry's calendar). */
      daysOff: z.array(iso).max(1000).default([]),
      /** Swapped working days: a Saturday worked in exchange for a day off. */
      workingDays: z.array(iso).max(1000).default([]),
    })
    .default({ workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] }),
  /** Which forms apply: only these ids, and these versions pinned (else the form files decide). */
  forms: z.strictObject({ only: z.array(FormId).max(50).optional(), pinned: z.array(FormRef).max(50).default([]) }).optional(),
  /** The province's own document settings (signer, Nơi nhận, number prefix). */
  document: ProvinceDocumentSettings.optional(),
  /** Review and reminder settings (default: DEFAULT_REVIEW_CONFIG). */
  review: ReviewConfig.optional(),
  /**
   * Province codes whose reports from before this province came into force its staff may
   * read (82 reading 87's 2021 reports). Default: none; a province's archive is not
   * opened to its successor unless configured.
   */
  readsHistoryOf: z.array(code).max(20).default([]),
});
export type ProvinceConfig = z.infer<typeof ProvinceConfig>;

/** Which day of a period picks the hierarchy (for a period that straddles a reorganisation). */
export const HierarchyDate = z.enum(['cutoffEnd', 'cutoffStart']);

export const RegistryConfig = z.strictObject({
  version: z.string().min(1).max(100),
  description: z.string().max(2000).optional(),
  hierarchyDate: HierarchyDate.default('cutoffEnd'),
  /** Statutory days off (computed at build time, weekends made up). */
  calendar: z.strictObject({ daysOff: z.array(iso).max(5000).default([]) }).default({ daysOff: [] }),
  provinces: z.array(ProvinceConfig),
});
export type RegistryConfig = z.infer<typeof RegistryConfig>;

const overlaps = (a: OrgUnit, b: OrgUnit) => a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
const validOn = (u: OrgUnit, day: string) => u.validFrom <= day && (u.validTo === null || day <= u.validTo);
const byCode = (a: OrgUnit, b: OrgUnit) => compareUnitCodes(a.code, b.code);

export const RegistryData = RegistryConfig.extend({ units: z.array(OrgUnit) }).superRefine((r, ctx) => {
  const eras = new Map<string, OrgUnit[]>();
  r.units.forEach((u, i) => {
    if (u.validTo !== null && u.validTo < u.validFrom)
      ctx.addIssue({ code: 'custom', path: ['units', i, 'validTo'], message: `unit ${u.code} ends before it starts` });
    const same = eras.get(u.code) ?? [];
    if (same.some((o) => overlaps(o, u)))
      ctx.addIssue({
        code: 'custom',
        path: ['units', i, 'code'],
        message: `duplicate unit ${u.code} (two units with this code in force at once)`,
      });
    same.push(u);
    eras.set(u.code, same);
  });
  r.units.forEach((u, i) => {
    if (u.parentCode === null) return;
    if (!(eras.get(u.parentCode) ?? []).some((p) => validOn(p, u.validFrom)))
      ctx.addIssue({ code: 'custom', path: ['units', i, 'parentCode'], message: `unknown parent ${u.parentCode} on ${u.validFrom}` });
  });
  r.provinces.forEach((p, i) => {
    if (!(eras.get(p.code) ?? []).some((u) => u.kind === 'province'))
      ctx.addIssue({ code: 'custom', path: ['provinces', i, 'code'], message: `province ${p.code} is not a unit` });
    p.readsHistoryOf.forEach((h, j) => {
      if (!(eras.get(h) ?? []).some((u) => u.kind === 'province'))
        ctx.addIssue({ code: 'custom', path: ['provinces', i, 'readsHistoryOf', j], message: `province ${h} is not a unit` });
    });
  });
});
export type RegistryData = z.infer<typeof RegistryData>;

export { sameUnit };

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

  static parse(json: unknown): Registry {
    return new Registry(RegistryData.parse(json));
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

/**
 * The organisation-unit registry (đơn vị). The hierarchy is data: which units must
 * report for a province and period comes from the province's reporting rules and
 * each unit's validity dates, never from code that assumes districts.
 */
import { z } from 'zod';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, type Period } from '../periods/period.ts';
import { ProvinceDocumentSettings } from '../province/settings.ts';
import { Contact, DEFAULT_REVIEW_CONFIG, ReviewConfig } from '../review/config.ts';

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

export const ProvinceConfig = z.strictObject({
  code,
  /** Which unit kinds report, by date range (the 2025 reorganisation is a new rule). */
  reportingRules: z.array(
    z.strictObject({ kinds: z.array(UnitKind).min(1), from: iso, to: iso.nullable() }),
  ),
  deadline: z
    .strictObject({
      workingDaysAfterCutoff: z.number().int().min(0).max(30),
      holidays: z.array(iso).default([]),
    })
    .default({ workingDaysAfterCutoff: DEFAULT_DEADLINE_POLICY.workingDaysAfterCutoff, holidays: [] }),
  /** Signer, Nơi nhận, number symbol and province-tier form of the province's own documents (the rollup's report). */
  document: ProvinceDocumentSettings.optional(),
  review: ReviewConfig.optional(),
});
export type ProvinceConfig = z.infer<typeof ProvinceConfig>;

export const RegistryData = z
  .strictObject({
    version: z.string().min(1).max(100),
    description: z.string().max(2000).optional(),
    provinces: z.array(ProvinceConfig),
    units: z.array(OrgUnit),
  })
  .superRefine((r, ctx) => {
    const codes = new Set<string>();
    r.units.forEach((u, i) => {
      if (codes.has(u.code)) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `duplicate unit ${u.code}` });
      codes.add(u.code);
    });
    r.units.forEach((u, i) => {
      if (u.parentCode && !codes.has(u.parentCode))
        ctx.addIssue({ code: 'custom', path: ['units', i, 'parentCode'], message: `unknown parent ${u.parentCode}` });
    });
    r.provinces.forEach((p, i) => {
      if (!r.units.some((u) => u.code === p.code && u.kind === 'province'))
        ctx.addIssue({ code: 'custom', path: ['provinces', i, 'code'], message: `province ${p.code} is not a unit` });
    });
  });
export type RegistryData = z.infer<typeof RegistryData>;

/** Numeric order of statistics codes ("87" < "866" < "30001") without a collator per call. */
const byCode = (a: OrgUnit, b: OrgUnit) => a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

const validOn = (u: OrgUnit, day: string) => u.validFrom <= day && (u.validTo === null || day <= u.validTo);

export class Registry {
  private readonly byCode: Map<string, OrgUnit>;
  private readonly provinces: Map<string, ProvinceConfig>;

  constructor(readonly data: RegistryData) {
    this.byCode = new Map(data.units.map((u) => [u.code, u]));
    this.provinces = new Map(data.provinces.map((p) => [p.code, p]));
  }

  static parse(json: unknown): Registry {
    return new Registry(RegistryData.parse(json));
  }

  get version(): string {
    return this.data.version;
  }

  unit(code: string): OrgUnit | undefined {
    return this.byCode.get(code);
  }

  provinceCodes(): string[] {
    return [...this.provinces.keys()].sort();
  }

  provinceConfig(code: string): ProvinceConfig | undefined {
    return this.provinces.get(code);
  }

  deadlinePolicy(provinceCode: string): DeadlinePolicy {
    return this.provinces.get(provinceCode)?.deadline ?? DEFAULT_DEADLINE_POLICY;
  }

  reviewConfig(provinceCode: string): ReviewConfig {
    return this.provinces.get(provinceCode)?.review ?? DEFAULT_REVIEW_CONFIG;
  }

  /** The province a unit sits under (itself for a province); undefined when none. */
  provinceOf(code: string): string | undefined {
    let u = this.byCode.get(code);
    for (let hops = 0; u && hops < 10; hops++) {
      if (u.kind === 'province') return u.code;
      u = u.parentCode ? this.byCode.get(u.parentCode) : undefined;
    }
    return undefined;
  }

  /**
   * Units that must report for a province and period: units of the kinds the
   * province's rules name on the period's cut-off end, valid on that day.
   */
  expectedUnits(provinceCode: string, period: Period): OrgUnit[] {
    const cfg = this.provinces.get(provinceCode);
    if (!cfg) return [];
    const day = period.cutoffEnd;
    const rule = cfg.reportingRules.find((r) => r.from <= day && (r.to === null || day <= r.to));
    if (!rule) return [];
    return this.data.units
      .filter((u) => rule.kinds.includes(u.kind) && validOn(u, day) && this.provinceOf(u.code) === provinceCode)
      .sort(byCode);
  }

  /** Units directly under a unit, valid on a day (a district's communes on the period's cut-off end). */
  children(parentCode: string, day: string): OrgUnit[] {
    return this.data.units.filter((u) => u.parentCode === parentCode && validOn(u, day)).sort(byCode);
  }

  /** May this unit report for this period? (It must be an expected unit.) */
  mayReport(unitCode: string, period: Period): boolean {
    const province = this.provinceOf(unitCode);
    if (!province) return false;
    return this.expectedUnits(province, period).some((u) => u.code === unitCode);
  }
}

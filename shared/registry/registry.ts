/**
 * The organisation-unit registry (đơn vị). The hierarchy is data: which units must
 * report for a province and period comes from the province's reporting rules and each
 * unit's validity, never from code that assumes districts.
 *
 * Codes are reused across the 2025 reorganisation (82 was Tiền Giang, is Đồng Tháp
 * since 1 July 2025), so a unit is a code AND a validity interval: every lookup takes a
 * date, and without one it means "in force today".
 *
 * This module holds the registry's schemas (what an administrator may save); the
 * Registry that answers lookups is in view.ts (re-exported here), apart from them, so
 * that a function that only reads the stored registry does not build them.
 */
import * as z from 'zod';
import { FormId, FormRef } from '../forms/ref.ts';
import { ProvinceDocumentSettings } from '../province/settings.ts';
import { Contact, ReviewConfig } from '../review/config.ts';
import { validOn } from './unit.ts';
import { Registry } from './view.ts';

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

export { DEFAULT_REPORTING_RULES, Registry } from './view.ts';
export { sameUnit } from './unit.ts';

/** Checks a whole registry (as saved by an administrator) and builds it. */
export const parseRegistry = (json: unknown): Registry => new Registry(RegistryData.parse(json));

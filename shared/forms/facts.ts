/**
 * What the server already knows about a report and never asks for: the issuing
 * authority and its parent line, the place, the period's label, the next period's label
 * and the summary line. Derived from the registry (the unit's kind and name, or the
 * unit's own `authority`/`place` when the registry sets them), the period and the form.
 * A body may repeat them; when it contradicts them it is refused (a Hồng Ngự report
 * sent as Tam Nông's, a first-half report sent as the year's).
 */
import { nextPeriodLabel, periodLabel, type Period } from '../periods/period.ts';
import type { OrgUnit, Registry } from '../registry/registry.ts';
import type { FormDef } from './model.ts';

export interface ReportFacts {
  unitCode: string;
  unitName: string;
  /** "ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ", "SỞ TÀI CHÍNH". */
  issuingAuthority: string;
  /** "UBND TỈNH ĐỒNG THÁP" above a department; absent for a People's Committee. */
  parentAuthority?: string;
  /** "Hồng Ngự" in "Hồng Ngự, ngày ... tháng ... năm ...". */
  place: string;
  /** "06 tháng đầu năm 2021" */
  periodLabel: string;
  /** "Quý III năm 2021" */
  nextPeriodLabel: string;
  /** "Công tác cải cách hành chính 06 tháng đầu năm 2021" */
  summary: string;
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** The kind words that open a unit's name ("Huyện Hồng Ngự" → "Hồng Ngự"). */
const KIND_PREFIX = /^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+/iu;

export const placeOfName = (name: string): string => name.trim().replace(KIND_PREFIX, '');

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1);

/** Fills "{period}" and "{nextPeriod}" in a form's text; inside a sentence "Quý III" is written "quý III". */
export function fillTemplate(template: string, f: Pick<ReportFacts, 'periodLabel' | 'nextPeriodLabel'>): string {
  const label = { period: f.periodLabel, nextPeriod: f.nextPeriodLabel };
  return template.replace(/\{(period|nextPeriod)\}/g, (_m, k: 'period' | 'nextPeriod', at: number) =>
    at > 0 ? lowerFirst(label[k]) : label[k],
  );
}

export function reportFacts(registry: Registry, unit: OrgUnit, period: Period, form: Pick<FormDef, 'document'>): ReportFacts {
  const labels = { periodLabel: periodLabel(period), nextPeriodLabel: nextPeriodLabel(period) };
  // The province the unit sat under during the period (a code may name another unit today).
  const province = registry.provinceOn(unit.code, registry.referenceDate(period));
  let issuingAuthority: string;
  let parentAuthority: string | undefined;
  let place: string;
  if (unit.kind === 'department') {
    issuingAuthority = upper(unit.name.trim());
    parentAuthority = province ? `UBND ${upper(province.name.trim())}` : undefined;
    place = province ? placeOfName(province.name) : placeOfName(unit.name);
  } else {
    issuingAuthority = `ỦY BAN NHÂN DÂN ${upper(unit.name.trim())}`;
    place = placeOfName(unit.name);
  }
  return {
    unitCode: unit.code,
    unitName: unit.name,
    issuingAuthority: unit.authority ?? issuingAuthority,
    ...(parentAuthority ? { parentAuthority } : {}),
    place: unit.place ?? place,
    ...labels,
    summary: fillTemplate(form.document.summaryTemplate, labels),
  };
}

/** Compares a repeated fact with the server's: case, spacing and "UBND" for "Ủy ban nhân dân" do not matter. */
export function sameFact(given: string, known: string): boolean {
  const norm = (s: string) =>
    upper(s.normalize('NFC'))
      .replace(/UỶ/g, 'ỦY')
      .replace(/\bUBND\b/gu, 'ỦY BAN NHÂN DÂN')
      .replace(/\s+/g, ' ')
      .trim();
  return norm(given) === norm(known);
}

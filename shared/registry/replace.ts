/**
 * A registry replacement must not strand a report. A report lives under the province
 * its unit belonged to during its period (keys P#{province}#{period}); a new registry
 * that puts that unit elsewhere for that period, or drops it, would make the report
 * unreachable. Such a replacement is refused with the list (no silent migration: moving
 * reports is a decision for a person, made by correcting the file).
 */
import { parsePeriod } from '../periods/period.ts';
import type { Registry } from './registry.ts';

export interface ReportHome {
  unit: string;
  period: string;
  province: string;
}

export interface StrandedReport extends ReportHome {
  /** The province the new registry gives the unit for that period; null when it has no such unit then. */
  newProvince: string | null;
}

export function strandedReports(next: Registry, homes: readonly ReportHome[]): StrandedReport[] {
  const out: StrandedReport[] = [];
  for (const h of homes) {
    const period = parsePeriod(h.period);
    if (!period) continue;
    const p = next.provinceOn(h.unit, next.referenceDate(period));
    if (p?.code !== h.province) out.push({ ...h, newProvince: p?.code ?? null });
  }
  return out.sort((a, b) => a.unit.localeCompare(b.unit) || a.period.localeCompare(b.period));
}

/** One line per stranded report, in Vietnamese. */
export const describeStranded = (s: StrandedReport): string =>
  s.newProvince === null
    ? `đơn vị ${s.unit}, kỳ ${s.period}: báo cáo thuộc tỉnh ${s.province}, danh mục mới không còn đơn vị này trong kỳ đó`
    : `đơn vị ${s.unit}, kỳ ${s.period}: báo cáo thuộc tỉnh ${s.province}, danh mục mới chuyển sang tỉnh ${s.newProvince}`;

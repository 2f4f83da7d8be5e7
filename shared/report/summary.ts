/**
 * The small numeric summary kept on a report's "latest" item: everything the
 * provincial rollup needs, so the rollup never reads full report bodies.
 */
import type { Finding } from './checks.ts';
import { documentRefs } from './checks.ts';
import type { DossierLevel, ReportContent } from './schema.ts';

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
  documentsCited: number;
  lateDossiers: {
    level: DossierLevel;
    total: number;
    byField: { field: string; count: number }[];
    byUnit: { unitName: string; unitCode: string | null; count: number }[];
  }[];
  dossiers: {
    level: DossierLevel;
    received: number | null;
    resolvedOnTime: number | null;
    resolvedLate: number | null;
    pending: number | null;
    overdue: number | null;
  }[];
  onlineServices: { fullOnline: number | null; partialOnline: number | null; dossiersOnline: number | null } | null;
  warnings: Finding[];
}

const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function summarise(r: ReportContent, warnings: Finding[]): ReportSummary {
  return {
    inspected: n(r.inspection.inspected?.count),
    inspectedKind: n(r.inspection.inspected?.unitKind),
    planned: n(r.inspection.planned?.count),
    plannedKind: n(r.inspection.planned?.unitKind),
    provincialArticles: n(r.communication.provincialPortalArticles),
    unitArticles: n(r.communication.unitPortalArticles),
    radioColumn: n(r.communication.radioColumn),
    awardsCollectives: n(r.direction.awards?.collectives),
    awardsIndividuals: n(r.direction.awards?.individuals),
    documentsCited: new Set(documentRefs(r).map((d) => `${d.ref.kind}|${d.ref.number}`)).size,
    lateDossiers: r.difficulties.lateDossiers.map((ld) => ({
      level: ld.level,
      total: ld.total,
      byField: ld.byField.map((f) => ({ field: f.field, count: f.count })),
      byUnit: ld.byUnit.map((u) => ({ unitName: u.unitName, unitCode: n(u.unitCode), count: u.count })),
    })),
    dossiers: r.results.dossiers.map((d) => ({
      level: d.level,
      received: n(d.received),
      resolvedOnTime: n(d.resolvedOnTime),
      resolvedLate: n(d.resolvedLate),
      pending: n(d.pending),
      overdue: n(d.overdue),
    })),
    onlineServices: r.results.onlineServices
      ? {
          fullOnline: n(r.results.onlineServices.fullOnline),
          partialOnline: n(r.results.onlineServices.partialOnline),
          dossiersOnline: n(r.results.onlineServices.dossiersOnline),
        }
      : null,
    warnings,
  };
}

/**
 * Cross-field checks on a well-typed report. Errors refuse the submission;
 * warnings are stored with the version and returned. Findings carry a code and
 * parameters, and are localised only when shown (so they can be re-read in any language).
 */
import type { ErrorDetail } from '../errors/errors.ts';
import { message, type Lang } from '../i18n/messages.ts';
import type { DocumentRef, Paragraph, ReportContent } from './schema.ts';
import { jsonPath } from './validate.ts';
import type { ReportSummary } from './summary.ts';

export interface Finding {
  path: string;
  code: string;
  params: Record<string, string | number>;
}

export const localise = (f: Finding, lang: Lang): ErrorDetail => ({
  path: f.path,
  code: f.code,
  message: message(f.code, lang, f.params),
});

const sum = (xs: readonly { count: number }[]) => xs.reduce((a, x) => a + x.count, 0);

export function checkErrors(r: ReportContent): Finding[] {
  const out: Finding[] = [];
  const { year, month, day } = r.header.date;
  if (day !== null && new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) {
    out.push({ path: '$.header.date.day', code: 'HEADER_DATE_INVALID', params: {} });
  }
  const seen = new Set<string>();
  r.difficulties.lateDossiers.forEach((ld, i) => {
    const base = ['difficulties', 'lateDossiers', i] as const;
    if (seen.has(ld.level)) out.push({ path: jsonPath([...base, 'level']), code: 'DUPLICATE_LEVEL', params: { level: ld.level } });
    seen.add(ld.level);
    for (const key of ['byField', 'byUnit'] as const) {
      const parts = ld[key];
      parts.forEach((p, j) => {
        if (p.count > ld.total)
          out.push({ path: jsonPath([...base, key, j, 'count']), code: 'PART_EXCEEDS_WHOLE', params: { part: p.count, whole: ld.total } });
      });
      const s = sum(parts);
      if (s > ld.total && parts.every((p) => p.count <= ld.total))
        out.push({ path: jsonPath([...base, key]), code: 'SUM_EXCEEDS_TOTAL', params: { sum: s, total: ld.total } });
    }
  });
  const levels = new Set<string>();
  r.results.dossiers.forEach((d, i) => {
    const base = ['results', 'dossiers', i] as const;
    if (levels.has(d.level)) out.push({ path: jsonPath([...base, 'level']), code: 'DUPLICATE_LEVEL', params: { level: d.level } });
    levels.add(d.level);
    if (d.overdue !== undefined && d.pending !== undefined && d.overdue > d.pending)
      out.push({ path: jsonPath([...base, 'overdue']), code: 'PART_EXCEEDS_WHOLE', params: { part: d.overdue, whole: d.pending } });
    const resolved = (d.resolvedOnTime ?? 0) + (d.resolvedLate ?? 0) + (d.pending ?? 0);
    if (d.received !== undefined && resolved > d.received)
      out.push({ path: jsonPath([...base]), code: 'SUM_EXCEEDS_TOTAL', params: { sum: resolved, total: d.received } });
  });
  return out;
}

/** Every document reference in the report, with its JSON path. */
export function documentRefs(r: ReportContent): { path: string; ref: DocumentRef }[] {
  const out: { path: string; ref: DocumentRef }[] = [];
  const addList = (list: readonly DocumentRef[], path: (string | number)[]) =>
    list.forEach((ref, i) => out.push({ path: jsonPath([...path, i]), ref }));
  const addParagraphs = (ps: readonly Paragraph[], path: (string | number)[]) =>
    ps.forEach((p, i) => {
      if (typeof p === 'string') return;
      p.forEach((run, j) => {
        if (typeof run !== 'string') addList(run.footnote.documents, [...path, i, j, 'footnote', 'documents']);
      });
    });
  addList(r.legalBasis, ['legalBasis']);
  addParagraphs(r.direction.paragraphs, ['direction', 'paragraphs']);
  addList(r.direction.documents, ['direction', 'documents']);
  if (r.inspection.plan) out.push({ path: '$.inspection.plan', ref: r.inspection.plan });
  addParagraphs(r.inspection.paragraphs, ['inspection', 'paragraphs']);
  addParagraphs(r.communication.paragraphs, ['communication', 'paragraphs']);
  addParagraphs(r.results.paragraphs, ['results', 'paragraphs']);
  addParagraphs(r.difficulties.paragraphs, ['difficulties', 'paragraphs']);
  return out;
}

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The last day the report can be dated: its day, or the end of its month when blank. */
export function reportDateBound(r: ReportContent): string {
  const { year, month, day } = r.header.date;
  const d = day ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function checkWarnings(r: ReportContent, previous?: ReportSummary): Finding[] {
  const out: Finding[] = [];
  const bound = reportDateBound(r);
  const { year, month, day } = r.header.date;
  const reportDate = day ? vnDate(bound) : `${String(month).padStart(2, '0')}/${year}`;
  const refs = documentRefs(r);
  for (const { path, ref } of refs) {
    if (ref.date && ref.date > bound)
      out.push({ path: `${path}.date`, code: 'DOC_DATED_AFTER_REPORT', params: { number: ref.number, date: vnDate(ref.date), reportDate } });
  }
  // The same number cited twice is normal (plan cited in the basis and the narrative);
  // the same number with a different kind or date is a likely typing error.
  const firstByNumber = new Map<string, DocumentRef>();
  for (const { path, ref } of refs) {
    const first = firstByNumber.get(ref.number);
    if (!first) firstByNumber.set(ref.number, ref);
    else if (first.kind !== ref.kind || (first.date && ref.date && first.date !== ref.date))
      out.push({ path, code: 'DUPLICATE_DOCUMENT', params: { number: ref.number } });
  }
  if (previous) out.push(...outliers(r, previous));
  return out;
}

/** A value more than 5 times (or less than a fifth of) last period's, with a real gap. */
function outliers(r: ReportContent, prev: ReportSummary): Finding[] {
  const out: Finding[] = [];
  const far = (now: number, before: number) =>
    Math.abs(now - before) >= 50 && (now > before * 5 || now * 5 < before);
  r.difficulties.lateDossiers.forEach((ld, i) => {
    const before = prev.lateDossiers.find((p) => p.level === ld.level)?.total;
    if (before !== undefined && far(ld.total, before))
      out.push({ path: jsonPath(['difficulties', 'lateDossiers', i, 'total']), code: 'VALUE_OUTLIER', params: { value: ld.total, previous: before } });
  });
  const inspected = r.inspection.inspected?.count;
  if (inspected !== undefined && prev.inspected !== null && far(inspected, prev.inspected))
    out.push({ path: '$.inspection.inspected.count', code: 'VALUE_OUTLIER', params: { value: inspected, previous: prev.inspected } });
  return out;
}

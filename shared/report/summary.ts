/**
 * The summary kept on a report's "latest" item (FormSummary): everything the provincial
 * rollup reads, so it never loads full bodies. Every indicator value as submitted, the
 * words of the sections the form marks for compilation, and the warnings (capped).
 */
import type { FormSummary, ParagraphBody, ReportBody } from '../forms/body.ts';
import { fillTemplate, type ReportFacts } from '../forms/facts.ts';
import type { FormDef } from '../forms/model.ts';
import { flattenOutline } from '../forms/report-schema.ts';
import type { Finding } from './finding.ts';

/** At most this many warnings on the latest item; warningCount keeps the real number. */
export const MAX_SUMMARY_WARNINGS = 50;

/** A paragraph's words without its footnotes. */
export const paragraphText = (p: ParagraphBody): string =>
  typeof p === 'string' ? p : p.filter((x): x is string => typeof x === 'string').join('');

export function summarise(r: ReportBody, form: FormDef, facts: ReportFacts, warnings: Finding[]): FormSummary {
  const compiled: FormSummary['compiled'] = [];
  for (const s of flattenOutline(form.outline)) {
    if (!s.compile) continue;
    const body = r.sections[s.id];
    const texts = [...(body?.paragraphs ?? []).map(paragraphText), ...(body?.items ?? [])].filter((t) => t.trim().length > 0);
    compiled.push({ sectionId: s.id, compileAs: s.compile, title: fillTemplate(s.title, facts), texts });
  }
  return {
    form: { id: r.form.id, version: r.form.version },
    values: r.values,
    compiled,
    warnings: warnings.slice(0, MAX_SUMMARY_WARNINGS),
    warningCount: warnings.length,
  };
}

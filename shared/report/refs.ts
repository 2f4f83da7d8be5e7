/** Every document reference of a report body, with its JSON path (checks and the summary share it). */
import type { DocumentRefBody, ParagraphBody, ReportBody } from '../forms/body.ts';
import { jsonPath } from './path.ts';

export function documentRefs(r: ReportBody): { path: string; ref: DocumentRefBody }[] {
  const out: { path: string; ref: DocumentRefBody }[] = [];
  const addList = (list: readonly DocumentRefBody[] | undefined, path: (string | number)[]) =>
    list?.forEach((ref, i) => out.push({ path: jsonPath([...path, i]), ref }));
  const addParagraphs = (ps: readonly ParagraphBody[] | undefined, path: (string | number)[]) =>
    ps?.forEach((p, i) => {
      if (typeof p === 'string') return;
      p.forEach((run, j) => {
        if (typeof run !== 'string') addList(run.footnote.documents, [...path, i, j, 'footnote', 'documents']);
      });
    });
  addList(r.legalBasis, ['legalBasis']);
  for (const [id, s] of Object.entries(r.sections)) {
    addParagraphs(s.paragraphs, ['sections', id, 'paragraphs']);
    addList(s.documents, ['sections', id, 'documents']);
  }
  return out;
}

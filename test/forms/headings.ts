/** Headings of a report's .docx against its form's outline (written apart from the builder, to cross-check it). */
import { fillTemplate, type ReportFacts } from '../../shared/forms/facts.ts';
import type { FormDef, SectionDef } from '../../shared/forms/model.ts';

const ROMAN: [number, string][] = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
const roman = (n: number) =>
  ROMAN.reduce((acc, [v, s]) => {
    while (n >= v) {
      acc += s;
      n -= v;
    }
    return acc;
  }, '');

/** Every section's heading as the form says it prints, in document order: "II. KẾT QUẢ ...", "1.1. ...", "a) ...". */
export function outlineHeadings(form: FormDef, facts: ReportFacts): string[] {
  const out: string[] = [];
  const walk = (ss: readonly SectionDef[], depth: number, parent: string) =>
    ss.forEach((s, i) => {
      const n = i + 1;
      const [prefix, number] =
        s.numbering === 'upper-roman'
          ? [`${roman(n)}. `, roman(n)]
          : s.numbering === 'arabic'
            ? [`${n}. `, String(n)]
            : s.numbering === 'decimal'
              ? /^\d+(\.\d+)*$/.test(parent)
                ? [`${parent}.${n}. `, `${parent}.${n}`]
                : [`${n}. `, String(n)]
              : s.numbering === 'lower-alpha'
                ? [`${String.fromCharCode(96 + n)}) `, String.fromCharCode(96 + n)]
                : s.numbering === 'dash'
                  ? ['- ', parent]
                  : s.numbering === 'plus'
                    ? ['+ ', parent]
                    : ['', parent];
      const title = fillTemplate(s.title, facts);
      out.push(`${prefix}${depth === 0 ? title.toLocaleUpperCase('vi-VN') : title}`);
      walk(s.children, depth + 1, number);
    });
  walk(form.outline, 0, '');
  return out;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The body's heading paragraphs (bold, first-line indented), with any inline content after ": " removed. */
export function headingsOf(xml: string, form: FormDef, facts: ReportFacts): string[] {
  const expected = new Set(outlineHeadings(form, facts));
  const out: string[] = [];
  for (const m of xml.matchAll(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)) {
    const p = m[0];
    if (!p.includes('<w:ind w:firstLine="720"/>')) continue;
    const runs = [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r) => r[1]!).filter((r) => /<w:t[\s>]/.test(r));
    if (runs.length === 0 || !runs.every((r) => r.includes('<w:b/>'))) continue;
    const text = runs.map((r) => [...r.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!)).join('')).join('');
    // "III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC: Không." → the heading; a title containing ": " stays whole.
    const cut = text.indexOf(': ');
    out.push(cut > 0 && !expected.has(text) ? text.slice(0, cut) : text);
  }
  return out;
}

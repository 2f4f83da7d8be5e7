/**
 * The worked example data/examples/870-2021-H1.json must be the seed report
 * (Hồng Ngự district, first half of 2021), complete: every document reference
 * with its date as written, every counted fact in its structured field, every
 * narrative paragraph verbatim with its footnotes anchored where the seed puts
 * them. The seed text (the district's own report as published) is kept beside the
 * tests in test/fixtures/ and read at runtime, so a missing seed fails the suite.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { bundledForms } from '../shared/forms/bundled.ts';
import type {
  DocumentRefBody as DocumentRef,
  FootnoteBody as Footnote,
  ParagraphBody as Paragraph,
  ReportBody,
} from '../shared/forms/body.ts';
import { nextPeriodLabel, parsePeriod } from '../shared/periods/period.ts';
import { printsAppendix } from '../shared/documents/report-docx.ts';
import { parseReport } from '../shared/report/validate.ts';

const SEED_URL = new URL('./fixtures/seed-870-2021-H1.txt', import.meta.url);
const EXAMPLE_URL = new URL('../data/examples/870-2021-H1.json', import.meta.url);

const seedRaw = readFileSync(SEED_URL, 'utf8').normalize('NFC');
const exampleRaw: unknown = JSON.parse(readFileSync(EXAMPLE_URL, 'utf8'));
const form = bundledForms().find((f) => f.id === 'dong-thap-2021')!;
const parsed = parseReport(form, exampleRaw, 'vi');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.details));
const report: ReportBody = parsed.report;
const sec = (id: string) => report.sections[id] ?? {};
const value = (code: string) => report.values[code];
const fieldLabel = (key: string) => form.lists.find((l) => l.id === 'fields')!.options.find((o) => o.key === key)?.label ?? key;

// ---------------------------------------------------------------- helpers

const ws = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const lower = (s: string) => s.toLocaleLowerCase('vi');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const int = (s: string | undefined) => {
  expect(s, 'regex group').toBeDefined();
  return Number.parseInt(s!, 10);
};
const iso = (d: string, m: string, y: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

/** Document number and symbol: 285/KH-UBND, 130/2005/NĐ-CP, 364/SNV-CCCQ. */
const NUM_RE = /\d+\/(?:\d{4}\/)?[A-ZĐ]+(?:-[A-ZĐ]+)*/gu;
const numbersIn = (s: string) => [...s.matchAll(NUM_RE)].map((m) => m[0]);
const uniqueInOrder = (xs: string[]) => [...new Set(xs)];

const SUPERSCRIPTS = '¹²³⁴⁵⁶⁷⁸⁹';
const SUP_RE = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/gu;
const stripSup = (s: string) => s.replace(SUP_RE, '');

const seed = ws(seedRaw);

// ----------------------------------------------------------- seed structure

type SectionKey =
  | 'introduction'
  | 'direction'
  | 'inspection'
  | 'communication'
  | 'results'
  | 'difficulties'
  | 'recommendations'
  | 'nextTasks';

const SECTION_ORDER: SectionKey[] = ['introduction', 'direction', 'inspection', 'communication', 'results', 'difficulties'];

/** Which section a heading opens (the seed numbers V as a second "III."). */
function sectionOf(heading: string): SectionKey | undefined {
  const h = lower(heading);
  if (h.includes('công tác chỉ đạo')) return 'direction';
  if (h.includes('công tác kiểm tra')) return 'inspection';
  if (h.includes('công tác tuyên truyền')) return 'communication';
  if (h.includes('kết quả chủ yếu')) return 'results';
  if (h.includes('khó khăn, vướng mắc')) return 'difficulties';
  if (h.includes('kiến nghị')) return 'recommendations';
  if (h.includes('phương hướng')) return 'nextTasks';
  return undefined; // e.g. the umbrella heading "I. TÌNH HÌNH TỔ CHỨC ..."
}

const blocks = seedRaw
  .split(/\n\s*\n/)
  .map((b) => b.trim())
  .filter((b) => b.length > 0);

const idxKinhGui = blocks.findIndex((b) => b.startsWith('Kính gửi:'));
const idxClosing = blocks.findIndex((b) => b.startsWith('Kính chuyển'));
const idxNoiNhan = blocks.findIndex((b) => b.startsWith('Nơi nhận'));

const isFootnote = (b: string) => /^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s/u.test(b);
const isRomanHeading = (b: string) => /^[IVX]+\.\s/u.test(b);
const isNumberedList = (b: string) => b.split('\n').every((l) => /^\d+\.\s/u.test(l.trim()));

interface SeedSection {
  heading: string;
  /** Narrative paragraphs, page-break splits joined, superscripts kept. */
  paragraphs: string[];
  list: string[];
}

const sections = new Map<SectionKey, SeedSection>();
const footnotes = new Map<string, string>(); // "¹" -> footnote text
const headings: string[] = [];
{
  let current: SectionKey = 'introduction';
  let pending: string | undefined; // paragraph that ended without punctuation (page break)
  const section = (k: SectionKey) => {
    let s = sections.get(k);
    if (!s) {
      s = { heading: '', paragraphs: [], list: [] };
      sections.set(k, s);
    }
    return s;
  };
  const flush = () => {
    if (pending !== undefined) section(current).paragraphs.push(ws(pending));
    pending = undefined;
  };
  for (const b of blocks.slice(idxKinhGui + 1, idxClosing)) {
    if (isFootnote(b)) {
      const [, mark, body] = /^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+([\s\S]*)$/u.exec(b)!;
      footnotes.set(mark!, ws(body!));
      continue; // a footnote in the middle of a paragraph does not end it
    }
    const numberedHeading = !b.includes('\n') && /^\d+\.\s/u.test(b) && !/[.;:]$/u.test(b);
    if (isRomanHeading(b) || numberedHeading) {
      flush();
      headings.push(b);
      const k = sectionOf(b);
      if (k) {
        current = k;
        section(k).heading = b;
      }
      continue;
    }
    if (isNumberedList(b)) {
      flush();
      section(current).list.push(...b.split('\n').map((l) => l.trim().replace(/^\d+\.\s+/u, '')));
      continue;
    }
    // Narrative. A paragraph that does not end a sentence continues after the page break.
    pending = pending === undefined ? b : `${pending} ${b}`;
    if (/[.:;!?)]$/u.test(stripSup(b))) flush();
  }
  flush();
}

// ------------------------------------------------------- example structure

/** Every DocumentRef anywhere in the report (objects with a kind and a number). */
function collectRefs(node: unknown, out: DocumentRef[] = []): DocumentRef[] {
  if (Array.isArray(node)) for (const x of node) collectRefs(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.kind === 'string' && typeof o.number === 'string') out.push(o as unknown as DocumentRef);
    for (const v of Object.values(o)) collectRefs(v, out);
  }
  return out;
}
const refs = collectRefs(report);

const exampleParagraphs: Record<SectionKey, Paragraph[]> = {
  introduction: report.introduction === undefined ? [] : [report.introduction],
  direction: sec('direction').paragraphs ?? [],
  inspection: sec('inspection').paragraphs ?? [],
  communication: sec('communication').paragraphs ?? [],
  results: sec('results').paragraphs ?? [],
  difficulties: sec('difficulties').paragraphs ?? [],
  recommendations: [],
  nextTasks: [],
};

/** Footnote anchors in document order, numbered ¹, ², ... as the seed numbers them. */
const anchors: Footnote[] = [];
/** Paragraph text with each anchor rendered as its superscript. */
function render(p: Paragraph): string {
  if (typeof p === 'string') return ws(p);
  let s = '';
  for (const run of p) {
    if (typeof run === 'string') s += run;
    else {
      anchors.push(run.footnote);
      s += SUPERSCRIPTS[anchors.length - 1] ?? '?';
    }
  }
  return ws(s);
}
const rendered = Object.fromEntries(SECTION_ORDER.map((k) => [k, exampleParagraphs[k].map(render)])) as Record<
  (typeof SECTION_ORDER)[number],
  string[]
>;
const allExampleTexts = SECTION_ORDER.flatMap((k) => rendered[k]).map(stripSup);

// ------------------------------------------------------------------ tests

describe('data/examples/870-2021-H1.json is the seed report, complete', () => {
  it('is a valid request body', () => {
    expect(parseReport(form, exampleRaw, 'vi').ok).toBe(true);
    // The canonical body is the example itself: it round-trips unchanged.
    expect(JSON.stringify(report)).toBe(JSON.stringify(exampleRaw));
    const text = readFileSync(EXAMPLE_URL, 'utf8');
    expect(text.normalize('NFC')).toBe(text);
    expect(text).toBe(`${JSON.stringify(exampleRaw, null, 2)}\n`);
  });

  it('the seed was read and understood', () => {
    expect(idxKinhGui).toBeGreaterThan(0);
    expect(idxClosing).toBeGreaterThan(idxKinhGui);
    expect(idxNoiNhan).toBeGreaterThan(idxClosing);
    expect([...footnotes.keys()]).toEqual(['¹', '²']);
    const expected: Partial<Record<SectionKey, number>> = {
      introduction: 1,
      direction: 1,
      inspection: 1,
      communication: 2,
      results: 0,
      difficulties: 4,
    };
    for (const k of SECTION_ORDER) expect(sections.get(k)?.paragraphs.length ?? 0, k).toBe(expected[k]);
  });

  describe('document references', () => {
    const seedNumbers = uniqueInOrder(numbersIn(seed));

    it('every document number of the seed is a DocumentRef number, and no other', () => {
      expect(seedNumbers.length).toBeGreaterThanOrEqual(20);
      const exampleNumbers = new Set(refs.map((r) => r.number));
      for (const n of seedNumbers) expect(exampleNumbers, `missing ${n}`).toContain(n);
      for (const n of exampleNumbers) expect(seedNumbers, `not in the seed: ${n}`).toContain(n);
    });

    /** number -> dates the seed writes right after it ("số X ngày dd/mm/yyyy"). */
    const seedDates = new Map<string, Set<string>>();
    for (const m of seed.matchAll(NUM_RE)) {
      const after = seed.slice(m.index + m[0].length);
      const d =
        /^\s+ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(after) ?? /^\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(after);
      if (!d) continue;
      const set = seedDates.get(m[0]) ?? new Set<string>();
      set.add(iso(d[1]!, d[2]!, d[3]!));
      seedDates.set(m[0], set);
    }

    it('dates are the ones the seed writes, as written (no typo fixed)', () => {
      expect(seedDates.size).toBeGreaterThanOrEqual(18);
      for (const ref of refs) {
        const dates = seedDates.get(ref.number);
        if (dates) {
          expect(ref.date, `${ref.number} has a date in the seed`).toBeDefined();
          expect([...dates], ref.number).toContain(ref.date);
        } else {
          expect(ref.date, `${ref.number} has no date in the seed`).toBeUndefined();
        }
      }
      // Probably typos for 2020, but the report says 2021.
      expect(seedDates.get('217/KH-UBND')).toEqual(new Set(['2021-12-22']));
      expect(seedDates.get('218/KH-UBND')).toEqual(new Set(['2021-12-22']));
      expect(seedDates.get('228/KH-UBND')).toEqual(new Set(['2021-12-31']));
    });

    it('kind, issuer, subject and lead are as the seed writes them', () => {
      for (const ref of refs) {
        const n = escapeRe(ref.number);
        const k = escapeRe(ref.kind);
        expect(seed, `${ref.number}: kind ${ref.kind}`).toMatch(new RegExp(`${k} (?:số )?${n}`, 'u'));
        if (ref.issuer !== undefined) {
          const date = String.raw`(?: ngày \d{1,2}(?:/\d{1,2}/| tháng \d{1,2} năm )\d{4})?`;
          expect(seed, `${ref.number}: issuer`).toMatch(new RegExp(`${n}${date} của ${escapeRe(ref.issuer)}`, 'u'));
        }
        if (ref.subject !== undefined) {
          const near = [...seed.matchAll(new RegExp(n, 'gu'))].some((m) => {
            const at = seed.indexOf(ref.subject!, m.index + ref.number.length);
            return at >= 0 && at - (m.index + ref.number.length) <= 120;
          });
          expect(near, `${ref.number}: subject "${ref.subject}" follows the number`).toBe(true);
        }
        if (ref.lead !== undefined) {
          expect(seed, `${ref.number}: lead`).toMatch(new RegExp(`${escapeRe(ref.lead)} ${k} (?:số )?${n}`, 'u'));
        }
      }
    });

    it('each section cites its own documents', () => {
      const cited = (k: SectionKey) => uniqueInOrder(numbersIn(sections.get(k)!.paragraphs.join(' ')));
      expect(report.legalBasis.map((r) => r.number)).toEqual(cited('introduction'));
      expect(sec('direction').documents!.map((r) => r.number)).toEqual(cited('direction'));
      expect(sec('direction').documents!.map((r) => r.number)).toEqual(['285/KH-UBND', '217/KH-UBND', '126/UBND-HC']);
      expect(sec('inspection').documents?.[0]?.number).toBeDefined();
      expect(sec('inspection').documents!.map((r) => r.number)).toEqual(cited('inspection'));
      expect(report.legalBasis.map((r) => [r.number, r.date, r.issuer])).toEqual([
        ['285/KH-UBND', '2020-12-05', 'Ủy ban nhân dân Tỉnh'],
        ['364/SNV-CCCQ', '2021-02-22', 'Sở Nội vụ'],
      ]);
    });

    it('footnotes hold exactly the documents of the seed footnotes, in order', () => {
      expect(anchors).toHaveLength(footnotes.size);
      [...footnotes.values()].forEach((body, i) => {
        expect(
          anchors[i]!.documents.map((d) => d.number),
          `footnote ${i + 1}`,
        ).toEqual(uniqueInOrder(numbersIn(body)));
      });
    });
  });

  describe('counted facts are in their structured fields', () => {
    const m = (re: RegExp) => {
      const r = re.exec(seed);
      expect(r, String(re)).not.toBeNull();
      return r!;
    };

    it('inspection: 10 communes inspected, 12 agencies planned', () => {
      const done = m(/kiểm tra được (\d+) (xã, thị trấn)/u);
      const plan = m(/tiếp tục kiểm tra (\d+) (cơ quan chuyên môn)/u);
      expect(value('INSPECTED_UNITS')).toEqual({ value: int(done[1]), qualifier: done[2] });
      expect(value('PLANNED_INSPECTIONS')).toEqual({ value: int(plan[1]), qualifier: plan[2] });
      expect(value('INSPECTED_UNITS')?.value).toBe(10);
      expect(value('PLANNED_INSPECTIONS')?.value).toBe(12);
    });

    it('communication: 04 provincial and 05 unit articles, radio column', () => {
      const prov = m(/có (\d+) tin, bài được duyệt đăng trên Trang tin CCHC Tỉnh/u);
      const unit = m(/Trang tin điện tử Huyện có (\d+) tin, bài/u);
      expect(value('PROVINCIAL_PORTAL_ARTICLES')?.value).toBe(int(prov[1]));
      expect(value('UNIT_PORTAL_ARTICLES')?.value).toBe(int(unit[1]));
      expect(value('RADIO_COLUMN')?.value).toBe(/Chuyên mục CCHC trên sóng phát thanh được duy trì/u.test(seed));
      expect([value('PROVINCIAL_PORTAL_ARTICLES')?.value, value('UNIT_PORTAL_ARTICLES')?.value]).toEqual([4, 5]);
      expect(value('RADIO_COLUMN')?.value).toBe(true);
    });

    it('awards: 06 collectives and 21 individuals, with the reason', () => {
      const a = m(/trao giấy khen cho (\d+) tập thể và (\d+) cá nhân ([^.]+)\./u);
      expect({
        collectives: value('AWARDS_COLLECTIVES')?.value,
        individuals: value('AWARDS_INDIVIDUALS')?.value,
        reason: value('AWARDS_REASON')?.value,
      }).toEqual({ collectives: int(a[1]), individuals: int(a[2]), reason: a[3] });
      expect([value('AWARDS_COLLECTIVES')?.value, value('AWARDS_INDIVIDUALS')?.value]).toEqual([6, 21]);
    });

    it('event: the conference of 28/4/2021', () => {
      const e = m(/Ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4}), Ủy ban nhân dân Huyện tổ chức (Hội nghị [^.]+)\./u);
      expect(sec('direction').events).toEqual([{ date: iso(e[1]!, e[2]!, e[3]!), title: e[4] }]);
      expect(sec('direction').events?.[0]?.date).toBe('2021-04-28');
    });

    it('late dossiers: 250 (228 land) at district level, 183 (129 Long Thuận) in communes', () => {
      const u = m(/cấp huyện là (\d+) hồ sơ trễ hạn, trong đó, các TTHC liên quan đến lĩnh vực (.+?) là (\d+) hồ sơ/u);
      const c = m(/các xã, thị trấn là (\d+) hồ sơ, trong đó, (xã .+?) có (\d+) hồ sơ trễ hạn/u);
      const late = value('LATE_DOSSIERS')!;
      expect(Object.keys(late.levels ?? {})).toHaveLength(2);
      const unit = late.levels!.unit!;
      const commune = late.levels!.commune!;
      const byField = (unit.breakdown?.field ?? []) as { key: string; value: number }[];
      const byUnit = (commune.breakdown?.commune ?? []) as { name: string; value: number }[];
      expect(unit.value).toBe(int(u[1]));
      expect(byField.map((f) => [lower(fieldLabel(f.key)), f.value])).toEqual([[lower(u[2]!), int(u[3])]]);
      expect(unit.breakdown?.commune).toBeUndefined();
      expect(commune.value).toBe(int(c[1]));
      expect(byUnit.map((x) => [lower(x.name), x.value])).toEqual([[lower(c[2]!), int(c[3])]]);
      expect(commune.breakdown?.field).toBeUndefined();
      expect([unit.value, byField[0]?.value, commune.value, byUnit[0]?.value]).toEqual([250, 228, 183, 129]);
    });

    it('results are in the attached appendix; recommendations are "Không"', () => {
      // The appendix is attached (printed) exactly when the seed's heading says so, and the form's results section points to it.
      expect(printsAppendix(report, form)).toBe(/Đính kèm Phụ lục/u.test(sections.get('results')!.heading));
      expect(printsAppendix(report, form)).toBe(true);
      expect(form.outline.find((s) => s.id === 'results')?.appendixNote).toBe(true);
      expect(sections.get('recommendations')!.heading).toMatch(/:\s*Không\.?$/u);
      expect(sec('recommendations').items ?? []).toEqual([]);
      expect(form.outline.find((s) => s.id === 'recommendations')?.inline).toBe(true);
    });
  });

  describe('prose is verbatim', () => {
    it('no superscript is left in the text: footnotes are anchors', () => {
      const runs = SECTION_ORDER.flatMap((k) => exampleParagraphs[k]).flatMap((p) => (typeof p === 'string' ? [p] : p));
      for (const t of runs) if (typeof t === 'string') expect(t).not.toMatch(SUP_RE);
    });

    it('each section has the seed paragraphs, in order, footnotes anchored where the seed puts them', () => {
      for (const k of SECTION_ORDER) {
        expect(rendered[k], k).toEqual(sections.get(k)?.paragraphs ?? []);
      }
    });

    it('every narrative sentence of the seed is in some paragraph', () => {
      const sentences = SECTION_ORDER.flatMap((k) => sections.get(k)?.paragraphs ?? [])
        .map(stripSup)
        .flatMap((p) => p.split(/(?<=[.:!?])\s+(?=\p{Lu})/u))
        .map(ws)
        .filter((s) => s.length > 0);
      expect(sentences).toHaveLength(18);
      for (const s of sentences) {
        expect(
          allExampleTexts.some((t) => t.includes(s)),
          `missing sentence: ${s}`,
        ).toBe(true);
      }
    });

    it('next tasks: the period and the 5 items', () => {
      const next = sections.get('nextTasks')!;
      const period = /NHIỆM VỤ (QUÝ [IVX]+ NĂM \d{4})/u.exec(next.heading)?.[1];
      // The next period's label is the server's, from the period (no longer typed by the unit).
      const label = nextPeriodLabel(parsePeriod('2021-H1')!);
      expect(lower(label)).toBe(lower(period ?? ''));
      expect(label).toBe('Quý III năm 2021');
      expect(next.list).toHaveLength(5);
      expect(sec('nextTasks').items).toEqual(next.list);
    });

    it('closing, distribution and signature', () => {
      expect(report.closing).toBe(blocks[idxClosing]);
      const dist = blocks[idxNoiNhan + 1]!.split('\n').map((l) => l.trim().replace(/^-\s+/u, '').replace(/;$/u, ''));
      expect(dist).toHaveLength(5);
      expect(report.distribution).toEqual(dist);
      const tail = ws(
        blocks
          .slice(idxNoiNhan + 2)
          .join('\n')
          .replace(/\*/g, ''),
      );
      const capacity = report.signature.lines.map((l) => (l.prefix ? `${l.prefix} ${l.text}` : l.text)).join(' ');
      expect(tail).toBe(ws(`${capacity} ${report.signature.title} ${report.signature.name}`));
      expect(report.signature.name).toBe('Nguyễn Văn Khơi');
    });

    it('header: number, symbol, place, date, summary, recipients', () => {
      const so = /^Số:\s*(\d*)\s*\/(\S+)$/mu.exec(seedRaw);
      expect(so).not.toBeNull();
      expect(report.header.number).toBe(so![1]);
      expect(report.header.symbol).toBe(so![2]);
      const date = /^(.+?), ngày\s*(\d*)\s*tháng\s*(\d+)\s*năm\s*(\d{4})$/mu.exec(seedRaw);
      expect(date).not.toBeNull();
      expect(report.header.place).toBe(date![1]);
      expect(report.header.date).toEqual({
        year: int(date![4]),
        month: int(date![3]),
        day: date![2] ? int(date![2]) : null,
      });
      expect(report.header.summary).toBe(/^BÁO CÁO\n(.+)$/mu.exec(seedRaw)?.[1]);
      expect(report.header.recipients).toEqual(
        blocks[idxKinhGui]!.replace(/^Kính gửi:\s*/u, '')
          .split(/\s*;\s*|\n/u)
          .map(ws)
          .filter(Boolean),
      );
      expect(report.header.issuingAuthority).toBe('ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ');
      expect(report.header.parentAuthority).toBeUndefined();
    });
  });
});

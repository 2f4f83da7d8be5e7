/**
 * The CCHC report as a Word document (.docx), laid out per Decree 30/2020/NĐ-CP,
 * Appendix I: A4, margins 20/20/30/15 mm, Times New Roman, the two-column borderless
 * header (authority and "Số: .../BC-UBND" left, national motto right), "BÁO CÁO" and
 * the summary, "Kính gửi:" when the form has it, the form's outline with its numbering
 * (I, 1, 1.1, a, dash) and an empty section's "Không.", real footnotes for document
 * lists, "Nơi nhận:" and the signature block kept with the closing line, the page
 * number centred at the top from page 2, and the form's appendix (Phụ lục) as a table
 * whenever the report gives values.
 *
 * Pure and deterministic: the same report and context give byte-identical output. The
 * `docx` package stamps the core properties and the zip entries with the current time,
 * so the package is rewritten (node:zlib) with the report's header date instead; footnote
 * ids are assigned in reading order. The rewrite also cleans the note separators docx
 * writes, which Word would otherwise offer to repair.
 */
import { readZip, writeZip, type ZipEntry } from './zip.ts';
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import {
  addressedTo,
  afterTable,
  BLANK,
  bodyParagraph,
  centred,
  decreeHeader,
  defaultStyle,
  FONT,
  gridCell,
  GRID_BORDERS,
  headerStyle,
  pageNumberHeaders,
  pageProperties,
  runs,
  signatureBlock as decreeSignature,
  titleBlock,
  SIZE,
  TEXT_WIDTH,
  TIGHT,
  upper,
} from './decree30.ts';
import { cellCount, decreeDate, decreeDay, decreeMonth, groupDigits, pad2, proseCount, vnDate, xmlEscape } from '../format/vi.ts';
import type { CellBody, DocumentRefBody, FootnoteBody, ParagraphBody, ReportBody, ValueBody } from '../forms/body.ts';
import { fillTemplate, type ReportFacts } from '../forms/facts.ts';
import type { FormDef, IndicatorDef, Numbering, SectionDef } from '../forms/model.ts';
import { headingNumber, roman } from '../forms/numbering.ts';
import { flattenOutline } from '../forms/report-schema.ts';
import type { RenderInput } from '../report/artifacts.ts';

export interface ReportDocContext {
  unitCode: string;
  unitName: string;
  /** "2021-H1" */
  period: string;
  version: number;
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** "BC-CCHC-870-2021-H1-v1.docx" */
export function reportDocFileName(ctx: ReportDocContext): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '');
  return `BC-CCHC-${safe(ctx.unitCode)}-${safe(ctx.period)}-v${Math.max(1, Math.trunc(ctx.version))}.docx`;
}

// ---------------------------------------------------------------------------
// Text.

/** "{lead }{kind} số {number} ngày {dd/mm/yyyy} {của issuer }{subject}" */
function documentText(d: DocumentRefBody, date: (iso: string) => string = (iso) => `ngày ${vnDate(iso)}`): string {
  const parts: string[] = [];
  if (d.lead) parts.push(d.lead);
  parts.push(`${d.kind} số ${d.number}`);
  if (d.date) parts.push(date(d.date));
  if (d.issuer) parts.push(`của ${d.issuer}`);
  if (d.subject) parts.push(d.subject);
  return parts.join(' ');
}

/** "ngày 05 tháng 12 năm 2020" */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return decreeDate(y, m, d);
}

const TERMINAL = /[.;:!?…]$/;
const endWith = (s: string, mark: string) => (TERMINAL.test(s) ? s : `${s}${mark}`);

/** The footnote's text: its documents joined with "; ", then its free text, ending with ".". */
export function footnoteText(f: FootnoteBody): string {
  const pieces: string[] = [];
  if (f.documents.length > 0) pieces.push(f.documents.map((d) => documentText(d)).join('; '));
  if (f.text) pieces.push(f.text);
  const joined = pieces.map((p, i) => (i < pieces.length - 1 ? endWith(p, ';') : p)).join(' ');
  return endWith(joined, '.');
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1) : s);

const PEOPLES_COMMITTEE = /^(huyện|quận|thị xã|thành phố|tỉnh|xã|phường|thị trấn|đặc khu)(?=\s)/iu;

/** "Ủy ban nhân dân huyện Hồng Ngự", "Sở Nội vụ": the unit as the subject of a sentence. */
function unitSubject(facts: ReportFacts): string {
  const name = facts.unitName.trim();
  return PEOPLES_COMMITTEE.test(name) ? `Ủy ban nhân dân ${lowerFirst(name)}` : name;
}

// ---------------------------------------------------------------------------
// Runs and paragraphs.

/** Collects footnotes in the order their references appear. */
class Footnotes {
  readonly notes: Record<string, { children: Paragraph[] }> = {};
  private next = 1;

  add(f: FootnoteBody): FootnoteReferenceRun {
    const id = this.next++;
    this.notes[String(id)] = {
      children: [
        new Paragraph({
          style: 'FootnoteText',
          alignment: AlignmentType.JUSTIFIED,
          spacing: TIGHT,
          children: runs(` ${footnoteText(f)}`, { size: SIZE.footnote }),
        }),
      ],
    };
    return new FootnoteReferenceRun(id);
  }
}

/** A report paragraph: a string is one paragraph (one per line); an array is runs and footnotes. */
function reportParagraphs(p: ParagraphBody, notes: Footnotes): Paragraph[] {
  if (typeof p === 'string') {
    return p
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .map((line) => bodyParagraph(runs(line)));
  }
  const children: ParagraphChild[] = [];
  for (const part of p) {
    if (typeof part === 'string') {
      if (part.length > 0) children.push(...runs(part));
    } else {
      children.push(notes.add(part.footnote));
    }
  }
  return [bodyParagraph(children)];
}

const renderAll = (ps: readonly ParagraphBody[], notes: Footnotes) => ps.flatMap((p) => reportParagraphs(p, notes));

function composeIntroduction(r: ReportBody, facts: ReportFacts): string {
  const tail = `${unitSubject(facts)} báo cáo ${lowerFirst(facts.summary)}, như sau:`;
  if (r.legalBasis.length === 0) return tail;
  const refs = r.legalBasis.map((d, i) => {
    const text = documentText(d, longDate);
    return i === 0 && !d.lead ? `Thực hiện ${text}` : text;
  });
  return `${refs.join(' và ')}. ${tail}`;
}

// ---------------------------------------------------------------------------
// Values as printed.

function formatValue(ind: IndicatorDef, v: unknown, form: FormDef): string {
  if (v === undefined || v === null) return '-';
  switch (ind.type) {
    case 'count':
      return cellCount(v as number);
    case 'percent':
    case 'decimal': {
      const n = v as number;
      return Number.isInteger(n) ? groupDigits(n) : groupDigits(Math.round(n * 100) / 100, 2).replace(/,?0+$/, '');
    }
    case 'boolean':
      return v ? 'Có' : 'Không';
    case 'date':
      return vnDate(v as string);
    case 'text':
      return String(v);
    case 'choice':
      return form.lists.find((l) => l.id === ind.list)?.options.find((o) => o.key === v)?.label ?? String(v);
  }
}

const hasCell = (c: CellBody | undefined) =>
  c !== undefined && (c.value !== undefined || Object.values(c.breakdown ?? {}).some((rows) => rows.length > 0));
const hasValue = (v: ValueBody | undefined) => v !== undefined && (hasCell(v) || Object.values(v.levels ?? {}).some(hasCell));

/** "- Số tin, bài ...: 04 tin, bài." for a section written as data only. */
function valueLine(ind: IndicatorDef, v: ValueBody, form: FormDef): string {
  const unit = ind.unit && ind.unit !== '%' ? ` ${ind.unit}` : ind.unit === '%' ? '%' : '';
  const show = (x: unknown) => (ind.type === 'count' && typeof x === 'number' ? proseCount(x) : formatValue(ind, x, form));
  const parts: string[] = [];
  // A qualifier names what was counted ("10 xã, thị trấn") and replaces the unit of measure.
  if (v.value !== undefined)
    parts.push(`${show(v.value)}${v.qualifier ? ` ${v.qualifier}` : ind.type === 'boolean' || ind.type === 'text' ? '' : unit}`);
  const level = ind.breakdowns.find((b) => b.kind === 'level');
  if (level?.kind === 'level')
    for (const l of level.levels) {
      const c = v.levels?.[l.key];
      if (c?.value !== undefined) parts.push(`${lowerFirst(l.label)}: ${show(c.value)}${unit}`);
    }
  return `- ${ind.label}: ${parts.join('; ')}.`;
}

// ---------------------------------------------------------------------------
// The outline.

interface Render {
  r: ReportBody;
  form: FormDef;
  facts: ReportFacts;
  notes: Footnotes;
  appendix: boolean;
}

/** Items as officials number them: each ends with ";", the last with ".". */
function itemParagraphs(items: readonly string[], style: Numbering): Paragraph[] {
  return items.map((item, i) => {
    const last = i === items.length - 1;
    const { prefix } = headingNumber(style, i + 1, '');
    return bodyParagraph(runs(`${prefix}${last ? endWith(item, '.') : endWith(item, ';')}`));
  });
}

function sectionContent(s: SectionDef, x: Render): Paragraph[] {
  const body = x.r.sections[s.id];
  const out: Paragraph[] = [];
  const prose = (body?.paragraphs ?? []).length > 0;
  // In the form's block order; documents, events and values stand in for prose only when the unit wrote none.
  for (const block of s.blocks) {
    if (block === 'paragraphs') out.push(...renderAll(body?.paragraphs ?? [], x.notes));
    else if (block === 'items') out.push(...itemParagraphs(body?.items ?? [], s.itemNumbering ?? 'dash'));
    else if (prose) continue;
    else if (block === 'documents')
      for (const d of body?.documents ?? []) out.push(bodyParagraph(runs(`- ${endWith(documentText(d), '.')}`)));
    else
      for (const e of body?.events ?? [])
        out.push(
          bodyParagraph(
            runs(`- Ngày ${vnDate(e.date)}: ${endWith(e.title, '.')}${e.description ? ` ${endWith(e.description, '.')}` : ''}`),
          ),
        );
  }
  if (!prose && !s.appendixNote)
    for (const code of s.indicators) {
      const ind = x.form.indicators.find((i) => i.code === code);
      const v = x.r.values[code];
      if (ind && hasValue(v)) out.push(bodyParagraph(runs(valueLine(ind, v!, x.form))));
    }
  return out;
}

function sectionBlock(s: SectionDef, depth: number, n: number, parent: string, x: Render): Paragraph[] {
  const { prefix, number } = headingNumber(s.numbering, n, parent);
  const title = fillTemplate(s.title, x.facts);
  const text = `${prefix}${depth === 0 ? upper(title) : title}`;
  const head = (t: string) => heading(t, depth);
  const content = sectionContent(s, x);
  const out: Paragraph[] = [];
  if (s.appendixNote && x.appendix) out.push(head(`${text}: (Đính kèm Phụ lục).`));
  else if (content.length === 0 && s.children.length === 0) {
    const empty = s.emptyText ?? 'Không.';
    if (s.inline) out.push(head(`${text}: ${empty}`));
    else out.push(head(text), bodyParagraph(runs(empty)));
    return out;
  } else out.push(head(text));
  out.push(...content);
  s.children.forEach((c, i) => out.push(...sectionBlock(c, depth + 1, i + 1, number, x)));
  return out;
}

/** Headings: bold; below the second level also italic. Kept with what follows. */
function heading(text: string, depth: number): Paragraph {
  return bodyParagraph(runs(text, { bold: true, ...(depth >= 2 ? { italics: true } : {}) }), { keepNext: true });
}

// ---------------------------------------------------------------------------
// The appendix (Phụ lục): a table of every value, grouped by the outline's sections.

const APPENDIX_WIDTHS = [800, 5155, 1400, 2000] as const;

function appendixCell(text: string, i: number, opts: { bold?: boolean; align?: 'left' | 'center' | 'right' } = {}) {
  return gridCell(text, APPENDIX_WIDTHS[i]!, opts);
}

function appendixRows(x: Render): TableRow[] {
  const rows: TableRow[] = [];
  const placed = new Map<string, SectionDef>();
  for (const s of flattenOutline(x.form.outline)) for (const code of s.indicators) placed.set(code, s);
  const groups: { title: string; codes: string[] }[] = [];
  for (const s of flattenOutline(x.form.outline)) {
    const codes = s.indicators.filter((c) => hasValue(x.r.values[c]));
    if (codes.length > 0) groups.push({ title: fillTemplate(s.title, x.facts), codes });
  }
  const rest = x.form.indicators.filter((i) => !placed.has(i.code) && hasValue(x.r.values[i.code])).map((i) => i.code);
  if (rest.length > 0) groups.push({ title: 'Chỉ tiêu khác', codes: rest });
  const row = (cells: string[], o: { bold?: boolean } = {}) =>
    new TableRow({
      cantSplit: true,
      children: cells.map((c, i) => appendixCell(c, i, { ...o, align: i === 1 ? 'left' : i === 3 ? 'right' : 'center' })),
    });
  groups.forEach((g, gi) => {
    rows.push(row([roman(gi + 1), g.title, '', ''], { bold: true }));
    g.codes.forEach((code, i) => {
      const ind = x.form.indicators.find((d) => d.code === code)!;
      const v = x.r.values[code]!;
      const unit = ind.unit ?? '';
      const main =
        v.value !== undefined
          ? `${formatValue(ind, v.value, x.form)}${v.qualifier ? ` (${v.qualifier})` : ''}`
          : v.qualifier
            ? `(${v.qualifier})`
            : '';
      rows.push(row([String(i + 1), ind.label, unit, main]));
      const level = ind.breakdowns.find((b) => b.kind === 'level');
      const breakdownRows = (cell: CellBody, indent: string) => {
        for (const b of ind.breakdowns) {
          if (b.kind === 'level') continue;
          for (const r of cell.breakdown?.[b.id] ?? []) {
            const name =
              'key' in r
                ? (x.form.lists.find((l) => l.id === (b.kind === 'list' ? b.list : ''))?.options.find((o) => o.key === r.key)?.label ??
                  r.key)
                : r.name;
            rows.push(row(['', `${indent}${name}`, unit, formatValue(ind, r.value, x.form)]));
          }
        }
      };
      if (level?.kind === 'level')
        for (const l of level.levels) {
          const c = v.levels?.[l.key];
          if (!hasCell(c)) continue;
          rows.push(row(['', `- ${l.label}`, unit, formatValue(ind, c!.value, x.form)]));
          breakdownRows(c!, '+ ');
        }
      breakdownRows(v, '- ');
    });
  });
  return rows;
}

function appendixBlock(x: Render, number: string): (Paragraph | Table)[] {
  const title = fillTemplate(x.form.document.appendixTitle ?? 'Số liệu {period}', x.facts);
  const { year, month, day } = x.r.header.date;
  return [
    new Paragraph({ pageBreakBefore: true, alignment: AlignmentType.CENTER, spacing: TIGHT, children: runs('PHỤ LỤC', { bold: true }) }),
    centred(title, { bold: true, size: SIZE.title }),
    centred(
      `(Kèm theo Báo cáo số ${number} ${decreeDate(year, month, day)} của ${unitSubject(x.facts)})`,
      { italics: true, size: SIZE.body },
      { after: 240 },
    ),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [...APPENDIX_WIDTHS],
      layout: TableLayoutType.FIXED,
      borders: GRID_BORDERS,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kết quả'].map((h, i) => appendixCell(h, i, { bold: true })),
        }),
        ...appendixRows(x),
      ],
    }),
    afterTable(),
  ];
}

/** The appendix prints when the form has one and the report gives some value. */
export const printsAppendix = (r: ReportBody, form: FormDef): boolean =>
  form.document.appendixTitle !== undefined && form.indicators.some((i) => hasValue(r.values[i.code]));

// ---------------------------------------------------------------------------
// The document.

function headerBlock(r: ReportBody, facts: ReportFacts): Table {
  const h = r.header;
  // "ỦY BAN NHÂN DÂN" on a line of its own, the unit's name under it, as the decree's samples do.
  const authority = upper(facts.issuingAuthority);
  const ubnd = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$/u.exec(authority);
  const number = h.number.trim() === '' ? BLANK : h.number.trim();
  const day = h.date.day === null ? BLANK : decreeDay(h.date.day);
  return decreeHeader({
    ...(facts.parentAuthority ? { parent: upper(facts.parentAuthority) } : {}),
    authority: ubnd ? `${ubnd[1]}\n${ubnd[2]}` : authority,
    number: `${number}/${h.symbol}`,
    placeDate: `${facts.place}, ngày ${day} tháng ${decreeMonth(h.date.month)} năm ${h.date.year}`,
  });
}

function recipientsBlock(recipients: readonly string[]): Paragraph[] {
  if (recipients.length === 0) return [new Paragraph({ spacing: { ...TIGHT, after: 240 }, children: [] })];
  if (recipients.length === 1) return [addressedTo(recipients[0]!)];
  // "Kính gửi:" then the recipients as a list aligned on a tab stop, ";" between, "." after the last.
  const stop = 3686;
  return recipients.map((name, i) => {
    const last = i === recipients.length - 1;
    const item = `- ${last ? endWith(name.replace(/;$/, ''), '.') : endWith(name, ';')}`;
    return new Paragraph({
      indent: { left: stop, hanging: i === 0 ? 1701 : 0 },
      tabStops: [{ type: TabStopType.LEFT, position: stop }],
      spacing: { ...TIGHT, before: i === 0 ? 240 : 0, after: last ? 240 : 0 },
      children:
        i === 0
          ? [new TextRun({ text: 'Kính gửi:', font: FONT }), new TextRun({ children: [new Tab()], font: FONT }), ...runs(item)]
          : runs(item),
    });
  });
}

/** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", then the title: each capacity line as printed. */
export const signatureTitles = (s: ReportBody['signature']): string[] => [
  ...s.lines.map((l) => upper(l.prefix ? `${l.prefix} ${l.text}` : l.text)),
  upper(s.title),
];

function signatureBlock(r: ReportBody): Table {
  const lines = r.distribution.map((d) => d.replace(/^[-–•+]\s*/u, '').trim()).filter(Boolean);
  const recipients = lines.map((line, i) =>
    i === lines.length - 1 ? (/[.;:!?…)]$/u.test(line) ? line.replace(/;$/, '.') : `${line}.`) : endWith(line, ';'),
  );
  return decreeSignature(recipients, { titles: signatureTitles(r.signature), name: r.signature.name });
}

function closingLine(r: ReportBody, facts: ReportFacts): string {
  if (r.closing) return r.closing;
  if (r.header.recipients.length > 0) return `Kính chuyển ${r.header.recipients.join(', ')} nắm, tổng hợp./.`;
  return `Trên đây là báo cáo ${lowerFirst(facts.summary)} của ${unitSubject(facts)}./.`;
}

function body(input: RenderInput, notes: Footnotes): (Paragraph | Table)[] {
  const { body: r, form, facts } = input;
  const x: Render = { r, form, facts, notes, appendix: printsAppendix(r, form) };
  const out: (Paragraph | Table)[] = [];
  out.push(headerBlock(r, facts));
  out.push(...titleBlock(facts.summary));
  out.push(...recipientsBlock(r.header.recipients));
  out.push(...renderAll([r.introduction ?? composeIntroduction(r, facts)], notes));
  form.outline.forEach((s, i) => out.push(...sectionBlock(s, 0, i + 1, '', x)));
  // The closing line, the blank line and the signature block stay on one page.
  out.push(bodyParagraph(runs(closingLine(r, facts)), { keepNext: true }));
  out.push(new Paragraph({ spacing: TIGHT, keepNext: true, children: [] }));
  out.push(signatureBlock(r));
  const number = `${r.header.number.trim() === '' ? BLANK : r.header.number.trim()}/${r.header.symbol}`;
  if (x.appendix) out.push(...appendixBlock(x, number));
  return out;
}

// ---------------------------------------------------------------------------
// Packaging: fixed timestamps.

/** The date the document carries: the header's date, the 1st of the month when the day is blank. */
function documentDate(r: ReportBody): { y: number; m: number; d: number } {
  return { y: r.header.date.year, m: r.header.date.month, d: r.header.date.day ?? 1 };
}

function coreXml(r: ReportBody, facts: ReportFacts, ctx: ReportDocContext): string {
  const { y, m, d } = documentDate(r);
  const when = `${y}-${pad2(m)}-${pad2(d)}T00:00:00Z`;
  const title = `Báo cáo ${lowerFirst(facts.summary)}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(title)}</dc:title>` +
    `<dc:subject>${xmlEscape(`CCHC ${ctx.period}`)}</dc:subject>` +
    `<dc:creator>${xmlEscape(ctx.unitName)}</dc:creator>` +
    `<cp:keywords>${xmlEscape(`CCHC; ${ctx.unitCode}; ${ctx.period}; v${ctx.version}`)}</cp:keywords>` +
    `<dc:description>${xmlEscape(`${r.header.symbol}; ${ctx.unitCode}; ${ctx.period}`)}</dc:description>` +
    `<dc:language>vi-VN</dc:language>` +
    `<cp:lastModifiedBy>${xmlEscape(ctx.unitName)}</cp:lastModifiedBy>` +
    `<cp:revision>${Math.max(1, Math.trunc(ctx.version))}</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * docx writes a footnote reference mark (and paragraph spacing) into the separator and
 * continuation separator notes (ids -1 and 0), which only content notes may have; Word
 * then offers to repair the file. Leaves them as Word writes them: a run with the separator.
 */
export function fixNoteSeparators(xml: string): string {
  return xml.replace(
    /(<w:(footnote|endnote) w:type="(?:separator|continuationSeparator)"[^>]*>)([\s\S]*?)(<\/w:\2>)/g,
    (_m, open: string, _kind: string, inner: string, close: string) =>
      open +
      inner
        .replace(/<w:pPr>[\s\S]*?<\/w:pPr>/g, '')
        .replace(/<w:r><w:rPr><w:rStyle w:val="(?:Footnote|Endnote)Reference"\/><\/w:rPr><w:(?:footnote|endnote)Ref\/><\/w:r>/g, '') +
      close,
  );
}

/** Rewrites the package: fixed core properties, Word-clean note separators, fixed timestamps. */
function finishPackage(packed: Buffer, input: RenderInput, ctx: ReportDocContext): Buffer {
  const report = input.body;
  const entries = readZip(packed).map((e): ZipEntry => {
    if (e.name === 'docProps/core.xml') return { name: e.name, data: Buffer.from(coreXml(report, input.facts, ctx), 'utf8') };
    if (e.name === 'word/footnotes.xml' || e.name === 'word/endnotes.xml')
      return { name: e.name, data: Buffer.from(fixNoteSeparators(e.data.toString('utf8')), 'utf8') };
    return e;
  });
  // [Content_Types].xml and the package relationships first, as Word writes them.
  const rank = (n: string) => (n === '[Content_Types].xml' ? 0 : n === '_rels/.rels' ? 1 : 2);
  entries.sort((a, b) => rank(a.name) - rank(b.name));
  const { y, m, d } = documentDate(report);
  return writeZip(entries, `${y}-${pad2(m)}-${pad2(d)}`, () => 9);
}

export async function buildReportDocx(input: RenderInput, ctx: ReportDocContext): Promise<Buffer> {
  const notes = new Footnotes();
  const children = body(input, notes);

  const doc = new Document({
    creator: ctx.unitName,
    title: `Báo cáo ${lowerFirst(input.facts.summary)}`,
    revision: Math.max(1, Math.trunc(ctx.version)),
    footnotes: notes.notes,
    styles: {
      default: defaultStyle(),
      paragraphStyles: [
        {
          id: 'FootnoteText',
          name: 'footnote text',
          basedOn: 'Normal',
          paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: TIGHT },
          run: { font: FONT, size: SIZE.footnote },
        },
        headerStyle(),
      ],
      characterStyles: [
        {
          id: 'FootnoteReference',
          name: 'footnote reference',
          run: { superScript: true },
        },
      ],
    },
    sections: [
      {
        properties: pageProperties(),
        headers: pageNumberHeaders(),
        children,
      },
    ],
  });

  const packed = await Packer.toBuffer(doc);
  return finishPackage(Buffer.from(packed), input, ctx);
}

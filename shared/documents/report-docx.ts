/**
 * The CCHC report as a Word document (.docx), laid out per Decree 30/2020/NĐ-CP,
 * Appendix I of Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman, the two-column
 * borderless header (authority and "Số: .../BC-UBND" left, national motto right),
 * "BÁO CÁO" and the summary, "Kính gửi:", sections I-V as the officials write them,
 * real footnotes for document lists, "Nơi nhận:" and the signature block, and the page
 * number centred at the top from page 2.
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
  heading,
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
import type { DocumentRef, DossierLevel, Footnote, ReportContent } from '../report/schema.ts';
import type { Paragraph as ReportParagraph } from '../report/schema.ts';
import { parsePeriod, periodLabel } from '../periods/period.ts';

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
// Vietnamese formatting.

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Counts as officials write them in prose: "04", "21", "1.234". */
export function formatCount(n: number): string {
  if (n < 10) return pad2(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Counts in tables: "4", "1.234". */
const formatCell = (n: number | undefined) =>
  n === undefined ? '-' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** "05/12/2020" */
function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Decree 30/2020, Appendix I: days below 10 and the months 1 and 2 take a leading zero
 * ("ngày 05 tháng 02 năm 2021", "tháng 6 năm 2021").
 */
const decreeDay = (d: number) => pad2(d);
const decreeMonth = (m: number) => (m <= 2 ? pad2(m) : String(m));

/** "ngày 05 tháng 12 năm 2020" */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `ngày ${decreeDay(d)} tháng ${decreeMonth(m)} năm ${y}`;
}

/** "Hồng Ngự, ngày      tháng 6 năm 2021" */
function placeAndDate(h: ReportContent['header']): string {
  const day = h.date.day === null ? BLANK : decreeDay(h.date.day);
  return `${h.place}, ngày ${day} tháng ${decreeMonth(h.date.month)} năm ${h.date.year}`;
}

/** "{lead }{kind} số {number} ngày {dd/mm/yyyy} {của issuer }{subject}" */
function documentText(d: DocumentRef, date: (iso: string) => string = (iso) => `ngày ${shortDate(iso)}`): string {
  const parts: string[] = [];
  if (d.lead) parts.push(d.lead);
  parts.push(`${d.kind} số ${d.number}`);
  if (d.date) parts.push(date(d.date));
  if (d.issuer) parts.push(`của ${d.issuer}`);
  if (d.subject) parts.push(d.subject);
  return parts.join(' ');
}

const TERMINAL = /[.;:!?…]$/;
const endWith = (s: string, mark: string) => (TERMINAL.test(s) ? s : `${s}${mark}`);

/** The footnote's text: its documents joined with "; ", then its free text, ending with ".". */
export function footnoteText(f: Footnote): string {
  const pieces: string[] = [];
  if (f.documents.length > 0) pieces.push(f.documents.map((d) => documentText(d)).join('; '));
  if (f.text) pieces.push(f.text);
  const joined = pieces.map((p, i) => (i < pieces.length - 1 ? endWith(p, ';') : p)).join(' ');
  return endWith(joined, '.');
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1) : s);

const DISTRICT_LIKE = /^(huyện|quận|thị xã|thành phố)\b/iu;
const COMMUNE_LIKE = /^(xã|phường|thị trấn|đặc khu)\b/iu;

/** "Ủy ban nhân dân huyện Hồng Ngự", "Sở Nội vụ": the unit as the subject of a sentence. */
function unitSubject(ctx: ReportDocContext): string {
  const name = ctx.unitName.trim();
  if (DISTRICT_LIKE.test(name) || COMMUNE_LIKE.test(name) || /^tỉnh\b/iu.test(name))
    return `Ủy ban nhân dân ${lowerFirst(name)}`;
  return name;
}

/** Where dossiers of a level are handled, as the sentence names it. */
function levelLabel(level: DossierLevel, ctx: ReportDocContext): string {
  if (level === 'commune') return 'các xã, phường, thị trấn';
  const name = ctx.unitName.trim();
  if (DISTRICT_LIKE.test(name)) return 'cấp huyện';
  if (COMMUNE_LIKE.test(name)) return 'cấp xã';
  return 'tại đơn vị';
}

function periodText(ctx: ReportDocContext): string {
  const p = parsePeriod(ctx.period);
  return p ? periodLabel(p) : 'kỳ báo cáo';
}

// ---------------------------------------------------------------------------
// Runs and paragraphs.

/** Collects footnotes in the order their references appear. */
class Footnotes {
  readonly notes: Record<string, { children: Paragraph[] }> = {};
  private next = 1;

  add(f: Footnote): FootnoteReferenceRun {
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
function reportParagraphs(p: ReportParagraph, notes: Footnotes): Paragraph[] {
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

const renderAll = (ps: readonly ReportParagraph[], notes: Footnotes) => ps.flatMap((p) => reportParagraphs(p, notes));

// ---------------------------------------------------------------------------
// Composed text, for sections given as data only.

function composeIntroduction(r: ReportContent, ctx: ReportDocContext): string {
  const summary = lowerFirst(r.header.summary);
  const tail = `${unitSubject(ctx)} báo cáo ${summary}, như sau:`;
  if (r.legalBasis.length === 0) return tail;
  const refs = r.legalBasis.map((d, i) => {
    const text = documentText(d, longDate);
    return i === 0 && !d.lead ? `Thực hiện ${text}` : text;
  });
  return `${refs.join(' và ')}. ${tail}`;
}

/** Events that a unit "tổ chức" (holds): "Hội nghị ...", "Lớp tập huấn ...". */
const EVENT_HELD = /^(hội nghị|hội thảo|hội thi|buổi|lễ|cuộc|lớp|tập huấn|tọa đàm)/iu;

function composeDirection(d: ReportContent['direction'], ctx: ReportDocContext): string[] {
  const out: string[] = [];
  const label = periodText(ctx);
  if (d.documents.length > 0) {
    out.push(
      `Trong ${label}, ${unitSubject(ctx)} đã ban hành các văn bản chỉ đạo, điều hành cải cách hành chính: ${d.documents
        .map((doc) => documentText({ ...doc, lead: undefined }))
        .join('; ')}.`,
    );
  }
  for (const e of d.events) {
    const [y, m, day] = e.date.split('-').map(Number) as [number, number, number];
    const when = `Ngày ${decreeDay(day)} tháng ${decreeMonth(m)} năm ${y}`;
    const sentence = EVENT_HELD.test(e.title) ? `${when}, ${unitSubject(ctx)} tổ chức ${e.title}` : `${when}: ${e.title}`;
    out.push([endWith(sentence, '.'), e.description ? endWith(e.description, '.') : ''].filter(Boolean).join(' '));
  }
  if (d.awards) {
    const a = d.awards;
    out.push(
      endWith(
        `${unitSubject(ctx)} đã khen thưởng ${formatCount(a.collectives)} tập thể và ${formatCount(a.individuals)} cá nhân${
          a.reason ? ` ${a.reason}` : ''
        }`,
        '.',
      ),
    );
  }
  return out;
}

function composeInspection(i: ReportContent['inspection'], ctx: ReportDocContext): string[] {
  const sentences: string[] = [];
  if (i.plan) sentences.push(endWith(`Ban hành ${documentText(i.plan)}`, '.'));
  if (i.inspected)
    sentences.push(
      `Trong ${periodText(ctx)}, đã tiến hành kiểm tra được ${formatCount(i.inspected.count)} ${i.inspected.unitKind || 'đơn vị'}.`,
    );
  if (i.planned)
    sentences.push(
      `Dự kiến thời gian tới, tiếp tục kiểm tra ${formatCount(i.planned.count)} ${i.planned.unitKind || 'đơn vị'}.`,
    );
  return sentences.length > 0 ? [sentences.join(' ')] : [];
}

function composeCommunication(c: ReportContent['communication'], ctx: ReportDocContext): string[] {
  const clauses: string[] = [];
  if (c.radioColumn) clauses.push('Chuyên mục CCHC trên sóng phát thanh được duy trì thực hiện');
  const counts: string[] = [];
  if (c.provincialPortalArticles !== undefined)
    counts.push(`có ${formatCount(c.provincialPortalArticles)} tin, bài được duyệt đăng trên Trang tin CCHC Tỉnh`);
  if (c.unitPortalArticles !== undefined)
    counts.push(
      `Trang thông tin điện tử của đơn vị có ${formatCount(c.unitPortalArticles)} tin, bài được duyệt đăng trên chuyên mục CCHC`,
    );
  if (counts.length > 0) clauses.push(`trong ${periodText(ctx)}, ${counts.join('; ')}`);
  if (clauses.length === 0) return [];
  const text = clauses.join('; ');
  return [`${text.charAt(0).toLocaleUpperCase('vi-VN')}${text.slice(1)}.`];
}

function composeLateDossiers(d: ReportContent['difficulties'], ctx: ReportDocContext): string[] {
  const parts = d.lateDossiers.map((l) => {
    const details = [
      ...l.byField.map((f) => `lĩnh vực ${lowerFirst(f.field)} là ${formatCount(f.count)} hồ sơ`),
      ...l.byUnit.map((u) => `${lowerFirst(u.unitName)} có ${formatCount(u.count)} hồ sơ trễ hạn`),
    ];
    const head = `${levelLabel(l.level, ctx)} là ${formatCount(l.total)} hồ sơ trễ hạn`;
    return details.length > 0 ? `${head}, trong đó, ${details.join(', ')}` : head;
  });
  if (parts.length === 0) return [];
  return [
    `Còn tình trạng hồ sơ trễ hạn, quá hạn trên phần mềm một cửa điện tử tại Bộ phận Tiếp nhận và Trả kết quả (${parts.join('; ')}).`,
  ];
}

function composeOnlineServices(o: NonNullable<ReportContent['results']['onlineServices']>): string[] {
  const parts: string[] = [];
  if (o.fullOnline !== undefined) parts.push(`${formatCount(o.fullOnline)} dịch vụ công trực tuyến toàn trình`);
  if (o.partialOnline !== undefined) parts.push(`${formatCount(o.partialOnline)} dịch vụ công trực tuyến một phần`);
  const sentences: string[] = [];
  if (parts.length > 0) sentences.push(`Cung cấp ${parts.join(' và ')}.`);
  if (o.dossiersOnline !== undefined)
    sentences.push(`Tiếp nhận ${formatCount(o.dossiersOnline)} hồ sơ trực tuyến trong kỳ.`);
  return sentences.length > 0 ? [sentences.join(' ')] : [];
}

// ---------------------------------------------------------------------------
// Tables.

function resultsTable(dossiers: ReportContent['results']['dossiers'], ctx: ReportDocContext): Table {
  const headers = ['Cấp', 'Tiếp nhận', 'Đúng hạn', 'Trễ hạn', 'Đang giải quyết', 'Quá hạn'];
  const widths = [2355, 1400, 1400, 1400, 1400, 1400];
  const label = (l: DossierLevel) => {
    const s = levelLabel(l, ctx);
    return s.charAt(0).toLocaleUpperCase('vi-VN') + s.slice(1);
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => gridCell(h, widths[i]!, { bold: true })),
      }),
      ...dossiers.map(
        (d) =>
          new TableRow({
            cantSplit: true,
            children: [
              gridCell(label(d.level), widths[0]!, { align: 'left' }),
              gridCell(formatCell(d.received), widths[1]!),
              gridCell(formatCell(d.resolvedOnTime), widths[2]!),
              gridCell(formatCell(d.resolvedLate), widths[3]!),
              gridCell(formatCell(d.pending), widths[4]!),
              gridCell(formatCell(d.overdue), widths[5]!),
            ],
          }),
      ),
    ],
  });
}

// ---------------------------------------------------------------------------
// The document.

function headerBlock(r: ReportContent): Table {
  const h = r.header;
  // "ỦY BAN NHÂN DÂN" on a line of its own, the unit's name under it, as the decree's samples do.
  const authority = upper(h.issuingAuthority);
  const ubnd = /^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(.+)$/u.exec(authority);
  const number = h.number.trim() === '' ? BLANK : h.number.trim();
  return decreeHeader({
    ...(h.parentAuthority ? { parent: upper(h.parentAuthority) } : {}),
    authority: ubnd ? `${ubnd[1]}\n${ubnd[2]}` : authority,
    number: `${number}/${h.symbol}`,
    placeDate: placeAndDate(h),
  });
}

function recipientsBlock(recipients: readonly string[]): Paragraph[] {
  if (recipients.length === 1) {
    return [addressedTo(recipients[0]!)];
  }
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

function signatureBlock(r: ReportContent): Table {
  const lines = r.distribution.map((d) => d.replace(/^[-–•+]\s*/u, '').trim()).filter(Boolean);
  const recipients = lines.map((line, i) =>
    i === lines.length - 1 ? (/[.;:!?…)]$/u.test(line) ? line.replace(/;$/, '.') : `${line}.`) : endWith(line, ';'),
  );
  const s = r.signature;
  return decreeSignature(recipients, { titles: [...(s.capacity ? [upper(s.capacity)] : []), upper(s.title)], name: s.name });
}

function body(r: ReportContent, ctx: ReportDocContext, notes: Footnotes): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  out.push(headerBlock(r));
  out.push(...titleBlock(r.header.summary));
  out.push(...recipientsBlock(r.header.recipients));

  out.push(...renderAll([r.introduction ?? composeIntroduction(r, ctx)], notes));

  // I.
  out.push(heading('I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN VÀ CÔNG TÁC KIỂM TRA, TUYÊN TRUYỀN CCHC'));
  out.push(heading('1. Công tác chỉ đạo, điều hành CCHC'));
  out.push(
    ...(r.direction.paragraphs.length > 0
      ? renderAll(r.direction.paragraphs, notes)
      : renderAll(composeDirection(r.direction, ctx), notes)),
  );
  out.push(heading('2. Công tác kiểm tra'));
  out.push(
    ...(r.inspection.paragraphs.length > 0
      ? renderAll(r.inspection.paragraphs, notes)
      : renderAll(composeInspection(r.inspection, ctx), notes)),
  );
  out.push(heading('3. Công tác tuyên truyền CCHC'));
  out.push(
    ...(r.communication.paragraphs.length > 0
      ? renderAll(r.communication.paragraphs, notes)
      : renderAll(composeCommunication(r.communication, ctx), notes)),
  );

  // II.
  const res = r.results;
  if (res.appendixAttached) {
    out.push(heading('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục).'));
    out.push(...renderAll(res.paragraphs, notes));
  } else {
    out.push(heading('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC'));
    out.push(...renderAll(res.paragraphs, notes));
    if (res.dossiers.length > 0) {
      out.push(bodyParagraph(runs('Kết quả giải quyết hồ sơ thủ tục hành chính:'), { keepNext: true }));
      out.push(resultsTable(res.dossiers, ctx));
      out.push(afterTable());
    }
    if (res.onlineServices) out.push(...renderAll(composeOnlineServices(res.onlineServices), notes));
  }

  // III.
  const diff = r.difficulties;
  const diffParagraphs = diff.paragraphs.length > 0 ? diff.paragraphs : composeLateDossiers(diff, ctx);
  if (diffParagraphs.length === 0) {
    out.push(heading('III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC: Không.'));
  } else {
    out.push(heading('III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC'));
    out.push(...renderAll(diffParagraphs, notes));
  }

  // IV.
  if (r.recommendations.length === 0) {
    out.push(heading('IV. KIẾN NGHỊ, ĐỀ XUẤT: Không.'));
  } else {
    out.push(heading('IV. KIẾN NGHỊ, ĐỀ XUẤT'));
    const recs = r.recommendations;
    recs.forEach((rec, i) =>
      out.push(bodyParagraph(runs(`${i + 1}. ${endWith(rec, i === recs.length - 1 ? '.' : ';')}`))),
    );
  }

  // V.
  out.push(heading(`V. PHƯƠNG HƯỚNG, NHIỆM VỤ ${upper(r.nextTasks.periodLabel)}`));
  const items = r.nextTasks.items;
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    out.push(bodyParagraph(runs(`${i + 1}. ${last ? endWith(item, '.') : endWith(item, ';')}`)));
  });

  const recipients = r.header.recipients.join(', ');
  out.push(bodyParagraph(runs(r.closing ?? `Kính chuyển ${recipients} nắm, tổng hợp./.`)));
  out.push(new Paragraph({ spacing: TIGHT, children: [] }));
  out.push(signatureBlock(r));
  return out;
}

// ---------------------------------------------------------------------------
// Packaging: fixed timestamps.

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The date the document carries: the header's date, the 1st of the month when the day is blank. */
function documentDate(r: ReportContent): { y: number; m: number; d: number } {
  return { y: r.header.date.year, m: r.header.date.month, d: r.header.date.day ?? 1 };
}

function coreXml(r: ReportContent, ctx: ReportDocContext): string {
  const { y, m, d } = documentDate(r);
  const when = `${y}-${pad2(m)}-${pad2(d)}T00:00:00Z`;
  const title = `Báo cáo ${lowerFirst(r.header.summary)}`;
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
function finishPackage(packed: Buffer, report: ReportContent, ctx: ReportDocContext): Buffer {
  const entries = readZip(packed).map((e): ZipEntry => {
    if (e.name === 'docProps/core.xml') return { name: e.name, data: Buffer.from(coreXml(report, ctx), 'utf8') };
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

export async function buildReportDocx(report: ReportContent, ctx: ReportDocContext): Promise<Buffer> {
  const notes = new Footnotes();
  const children = body(report, ctx, notes);

  const doc = new Document({
    creator: ctx.unitName,
    title: `Báo cáo ${lowerFirst(report.header.summary)}`,
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
  return finishPackage(Buffer.from(packed), report, ctx);
}

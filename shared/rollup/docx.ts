/**
 * bao-cao-tong-hop.docx: the province's summary report (báo cáo tổng hợp), laid out per
 * Decree 30/2020/NĐ-CP, Appendix I, like the unit reports (shared/documents/decree30.ts):
 * A4, margins 20/20/30/15 mm, Times New Roman, the two-column header, "BÁO CÁO" and the
 * summary line, "Kính gửi:", numbered sections, tables of the figures, "Nơi nhận:" and
 * the signature block, then the annex of the units' own words. Issuing authority,
 * number symbol, recipients, Nơi nhận and signer come from the province's document
 * settings; where a setting is missing the document says "(chưa cấu hình)" visibly.
 * With a province-tier form configured, the body follows that form's outline so the
 * report can go onward to the Ministry. Data-quality checks are for staff (the .xlsx),
 * never in this document. Counts in prose below ten take a leading zero; table cells never.
 *
 * Deterministic: core properties and zip timestamps come from the data (asOf).
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx';
import {
  addressedTo,
  afterTable,
  BLANK,
  bodyParagraph,
  centred,
  decreeHeader,
  defaultStyle,
  gridCell,
  GRID_BORDERS,
  heading,
  headerStyle,
  pageNumberHeaders,
  pageProperties,
  runs,
  signatureBlock,
  SIZE,
  TEXT_WIDTH,
  TIGHT,
  titleBlock,
  upper,
  type Align,
} from '../documents/decree30.ts';
import { normalisePackage } from '../documents/zip.ts';
import type { FormDef, Numbering, SectionDef } from '../forms/model.ts';
import { headingNumber, roman } from '../forms/numbering.ts';
import { cellCount, decreeMonth, groupDigits, ictLong, proseCount, vnDate, xmlEscape } from '../format/vi.ts';
import { documentDate, indicatorName, NOT_CONFIGURED, provinceShortName, REASON_LABEL, STATUS_LABEL } from './format.ts';
import type { IndicatorTotal, RollupSummary } from './schema.ts';

export interface DocxContext {
  runId: string;
  /**
   * The forms the units used (their outlines group the figures when the province has no
   * form of its own) and the province-tier form the summary names, when known.
   */
  forms?: readonly FormDef[];
  provinceForm?: FormDef | null;
  /** Rows of a breakdown table (the rest are summed in one row). */
  topRows?: number;
  /**
   * Above this many units, table 1 lists only the units that need attention (late or
   * missing) and points to the .xlsx for the full list: a paper report stays readable,
   * and the document's cost stays bounded.
   */
  maxTableRows?: number;
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1) : s);

function body(text: string, o: { bold?: boolean; keepNext?: boolean; italics?: boolean } = {}): Paragraph {
  return bodyParagraph(runs(text, { ...(o.bold ? { bold: true } : {}), ...(o.italics ? { italics: true } : {}) }), {
    keepNext: o.keepNext || o.bold,
  });
}

interface Col {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: Align;
}

/** A bordered data table: header row repeated on each page, rows kept whole. */
function dataTable(cols: Col[], rows: string[][], o: { boldLastRow?: boolean } = {}): Table {
  const total = cols.reduce((a, c) => a + c.width, 0);
  const widths = cols.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  widths[0]! += TEXT_WIDTH - widths.reduce((a, w) => a + w, 0);
  const cell = (text: string, i: number, bold: boolean, align: Align) => gridCell(text, widths[i]!, { bold, align });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: cols.map((c, i) => cell(c.header, i, true, 'center')) }),
      ...rows.map(
        (r, ri) =>
          new TableRow({
            cantSplit: true,
            children: r.map((text, i) => cell(text, i, !!o.boldLastRow && ri === rows.length - 1, cols[i]!.align ?? 'left')),
          }),
      ),
    ],
  });
}

/** A figure as a table cell: grouped digits, decimals with a comma, "-" when absent. */
function figureText(v: number | null | undefined, type?: string): string {
  if (v === null || v === undefined) return '-';
  if (Number.isInteger(v)) return cellCount(v);
  return groupDigits(v, type === 'percent' || type === 'decimal' ? 2 : undefined);
}

/** A level-1 heading's number as the form's numbering prints it ("II.", "3.", "a)", "-"). */
const sectionNumber = (numbering: Numbering, index: number): string => headingNumber(numbering, index, '').prefix.trimEnd();

/** Indicator codes of a section and its children, in outline order. */
const sectionCodes = (s: SectionDef): string[] => [...s.indicators, ...s.children.flatMap(sectionCodes)];
const sectionCompiles = (s: SectionDef): string[] => [...(s.compile ? [s.compile] : []), ...s.children.flatMap(sectionCompiles)];

interface Group {
  title: string;
  numbering: Numbering;
  codes: string[];
  compiles: string[];
}

/**
 * The body's sections: the province form's level-1 sections when configured; else the
 * units' forms' level-1 sections that hold indicators; codes no section places go last.
 */
function groups(s: RollupSummary, ctx: DocxContext): { fromProvince: boolean; list: Group[]; rest: string[] } {
  const present = new Set(s.indicators.map((i) => i.code));
  const placed = new Set<string>();
  const take = (codes: string[]) =>
    codes.filter((c) => {
      if (!present.has(c) || placed.has(c)) return false;
      placed.add(c);
      return true;
    });
  const pf = ctx.provinceForm ?? null;
  let list: Group[];
  if (pf) {
    list = pf.outline.map((sec) => ({
      title: sec.title,
      numbering: sec.numbering,
      codes: take(sectionCodes(sec)),
      compiles: sectionCompiles(sec),
    }));
  } else {
    const used = new Set(s.forms.map((f) => f.form));
    const forms = (ctx.forms ?? [])
      .filter((f) => used.has(`${f.id}@${f.version}`))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : b.version - a.version));
    const byTitle = new Map<string, Group>();
    for (const f of forms)
      for (const sec of f.outline) {
        const codes = take(sectionCodes(sec));
        if (codes.length === 0) continue;
        const g = byTitle.get(sec.title) ?? { title: sec.title, numbering: 'arabic' as Numbering, codes: [], compiles: [] };
        g.codes.push(...codes);
        byTitle.set(sec.title, g);
      }
    list = [...byTitle.values()];
  }
  const rest = s.indicators.map((i) => i.code).filter((c) => !placed.has(c));
  return { fromProvince: !!pf, list, rest };
}

type Caption = (text: string) => Paragraph;

function content(s: RollupSummary, ctx: DocxContext): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const doc = s.document;
  const province = provinceShortName(s.province.name);
  const topRows = ctx.topRows ?? 20;
  const maxRows = ctx.maxTableRows ?? 300;
  const date = documentDate(s);
  const [y, m] = date.split('-').map(Number) as [number, number, number];
  const c = s.completeness;
  const byCode = new Map(s.indicators.map((i) => [i.code, i]));
  const unitName = new Map([...s.units, ...s.unexpected].map((u) => [u.code, u.name ?? u.code]));
  let tables = 0;
  const caption: Caption = (text) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      keepLines: true,
      spacing: { before: 120, after: 120 },
      children: runs(`Bảng ${++tables}. ${text}`, { bold: true, size: SIZE.table }),
    });

  out.push(
    decreeHeader({
      parent: upper(doc?.parentAuthority ?? `UBND ${s.province.name}`),
      authority: upper(doc?.issuingAuthority ?? 'Sở Nội vụ'),
      number: `${BLANK}/${doc?.symbol ?? NOT_CONFIGURED}`,
      placeDate: `${doc?.place ?? province}, ngày ${BLANK} tháng ${decreeMonth(m)} năm ${y}`,
    }),
  );
  out.push(
    ...titleBlock(
      `Tổng hợp kết quả thực hiện công tác cải cách hành chính\n${s.period.label} của các đơn vị trên địa bàn tỉnh ${province}`,
    ),
  );
  const recipients = doc?.recipients ?? [];
  if (recipients.length === 1) out.push(addressedTo(recipients[0]!));
  else if (recipients.length > 1) {
    out.push(centred('Kính gửi:', { size: SIZE.body }, { before: 240 }));
    recipients.forEach((r, i) => {
      const last = i === recipients.length - 1;
      out.push(centred(`- ${r}${last ? '.' : ';'}`, { size: SIZE.body }, last ? { after: 240 } : {}));
    });
  } else out.push(addressedTo(`Ủy ban nhân dân ${lowerFirst(s.province.name)}`));

  const office = doc?.issuingAuthority
    ? doc.issuingAuthority.charAt(0) + doc.issuingAuthority.slice(1).toLocaleLowerCase('vi-VN')
    : 'Sở Nội vụ';
  out.push(
    body(
      `Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính (CCHC), trên cơ sở báo cáo của các đơn vị gửi qua hệ thống${
        s.asOf ? ` (số liệu tính đến ${ictLong(s.asOf)})` : ''
      }, ${office} tổng hợp kết quả thực hiện công tác CCHC ${s.period.label} như sau:`,
    ),
  );

  const g = groups(s, ctx);
  let top = 0;
  const numbered = (title: string) => heading(`${roman(++top)}. ${upper(title)}`);

  // Who reported: its own section, or before the province form's outline.
  if (!g.fromProvince) out.push(numbered('Tình hình gửi báo cáo của các đơn vị'));
  out.push(...statusPart(s, maxRows, caption));

  const figures = (codes: string[]) => {
    const list = codes.map((code) => byCode.get(code)).filter((i): i is IndicatorTotal => i !== undefined);
    if (list.length === 0) return;
    out.push(caption('Kết quả thực hiện các chỉ tiêu'));
    out.push(figureTable(list, c.reported));
    out.push(afterTable());
    for (const i of list) out.push(...breakdownTables(i, topRows, caption, (code) => unitName.get(code) ?? code));
  };
  if (g.fromProvince) {
    g.list.forEach((sec, k) => {
      const n = sectionNumber(sec.numbering, k + 1);
      out.push(heading(`${n ? `${n} ` : ''}${upper(sec.title)}`));
      const compiled = s.annex.filter((a) => sec.compiles.includes(a.compileAs));
      figures(sec.codes);
      if (compiled.length)
        out.push(
          body(
            `Ý kiến của các đơn vị về nội dung này (${compiled.map((a) => lowerFirst(a.label)).join(', ')}) được tổng hợp nguyên văn tại Phụ lục kèm theo.`,
          ),
        );
      if (!sec.codes.length && !compiled.length) out.push(body('Các đơn vị không báo cáo số liệu theo nội dung này.', { italics: true }));
    });
    if (g.rest.length) {
      out.push(heading('Các chỉ tiêu khác'));
      figures(g.rest);
    }
  } else {
    out.push(numbered('Kết quả thực hiện các chỉ tiêu'));
    if (s.indicators.length === 0)
      out.push(body(c.reported ? 'Các báo cáo đã gửi không có chỉ tiêu số liệu để tổng hợp.' : 'Chưa có đơn vị gửi báo cáo.'));
    let k = 0;
    for (const sec of g.list) {
      out.push(heading(`${++k}. ${sec.title}`));
      figures(sec.codes);
    }
    if (g.rest.length) {
      if (k > 0) out.push(heading(`${++k}. Các chỉ tiêu khác`));
      figures(g.rest);
    }
  }
  if (s.indicators.some((i) => i.coverage.units < i.coverage.of || i.levels.some((l) => l.coverage.units < l.coverage.of)))
    out.push(
      body(
        'Ghi chú: cột "Số đơn vị có số liệu" nêu số đơn vị được tính vào kết quả trên tổng số đơn vị đã gửi báo cáo; đơn vị có biểu mẫu không có chỉ tiêu (hoặc cấp) đó, hoặc để trống, không được tính là 0 (chi tiết tại tệp tổng hợp .xlsx).',
        { italics: true },
      ),
    );

  // Against the previous period.
  out.push(g.fromProvince ? heading('So sánh với kỳ trước') : numbered('So sánh với kỳ trước'));
  out.push(...comparisonPart(s, caption));

  // The units' own words, in full in the annex.
  if (!g.fromProvince) {
    out.push(numbered('Ý kiến, kiến nghị của các đơn vị'));
    if (s.annex.length === 0) out.push(body('Các đơn vị không nêu ý kiến, kiến nghị, đề xuất trong báo cáo.'));
    else
      out.push(
        body(
          `Ý kiến của các đơn vị (${s.annex.map((a) => `${lowerFirst(a.label)}: ${proseCount(a.entries.length)} đơn vị`).join('; ')}) được tổng hợp nguyên văn tại Phụ lục kèm theo.`,
        ),
      );
  }

  out.push(
    body(
      `Trên đây là báo cáo tổng hợp kết quả thực hiện công tác cải cách hành chính ${s.period.label} của các đơn vị trên địa bàn tỉnh./.`,
    ),
  );
  out.push(new Paragraph({ spacing: TIGHT, keepNext: true, children: [] }));

  const distribution = doc?.distribution.length ? doc.distribution : [NOT_CONFIGURED];
  const signer = doc
    ? {
        titles: [...doc.signature.lines.map((l) => upper(`${l.prefix ? `${l.prefix} ` : ''}${l.text}`)), upper(doc.signature.title)],
        name: doc.signature.name,
      }
    : { titles: [NOT_CONFIGURED], name: NOT_CONFIGURED };
  out.push(
    signatureBlock(
      distribution.map((r, i) => `${r}${i === distribution.length - 1 ? '.' : ';'}`),
      signer,
    ),
  );

  if (s.annex.length) out.push(...annexPart(s, doc?.symbol ?? NOT_CONFIGURED, maxRows));
  return out;
}

/** How many reports Sở Nội vụ has accepted, and which ones the figures include (the province's choice). */
function reviewSentence(r: RollupSummary['review']): string {
  const unaccepted = r.submitted + r.returned;
  const state = `Kết quả duyệt báo cáo: đã duyệt ${proseCount(r.accepted)}; chờ duyệt ${proseCount(r.submitted)}; trả lại để bổ sung, hoàn thiện ${proseCount(r.returned)}.`;
  if (unaccepted === 0) return state;
  return r.countsUnaccepted
    ? `${state} Số liệu tổng hợp gồm cả ${proseCount(unaccepted)} báo cáo chưa được duyệt (ghi rõ trong bảng số liệu kèm theo).`
    : `${state} Số liệu tổng hợp chỉ tính ${proseCount(r.accepted)} báo cáo đã được duyệt.`;
}

function statusPart(s: RollupSummary, maxRows: number, caption: Caption): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const c = s.completeness;
  out.push(
    body(
      `Tổng số đơn vị phải báo cáo: ${proseCount(c.expected)}; đã gửi báo cáo: ${proseCount(c.reported)} (đúng hạn: ${proseCount(c.onTime)}; trễ hạn: ${proseCount(
        c.late,
      )}); chưa gửi báo cáo: ${proseCount(c.missing)}. Hạn gửi báo cáo: ngày ${vnDate(s.period.deadline)}.`,
    ),
  );
  if (c.reported > 0) out.push(body(reviewSentence(s.review)));
  if (s.forms.length > 0)
    out.push(
      body(
        `Các đơn vị báo cáo theo ${s.forms.length > 1 ? 'các biểu mẫu' : 'biểu mẫu'}: ${s.forms
          .map((f) => `${f.title ?? 'biểu mẫu không xác định'} (phiên bản ${f.version}: ${proseCount(f.units.length)} đơn vị)`)
          .join('; ')}.`,
      ),
    );
  const all = s.units.length <= maxRows;
  const listed = all ? s.units : s.units.filter((u) => u.status !== 'on_time');
  if (!all)
    out.push(
      body(
        `Do số đơn vị lớn (${groupDigits(s.units.length)}), Bảng 1 chỉ nêu các đơn vị chưa gửi hoặc gửi trễ hạn${
          listed.length > maxRows ? ` (${groupDigits(maxRows)} đơn vị đầu tiên)` : ''
        }; danh sách đầy đủ tại tệp tổng hợp .xlsx (trang "Đơn vị").`,
      ),
    );
  if (listed.length > 0) {
    out.push(caption(all ? `Tình hình gửi báo cáo ${s.period.label}` : 'Các đơn vị chưa gửi hoặc gửi báo cáo trễ hạn'));
    out.push(
      dataTable(
        [
          { header: 'STT', width: 8, align: 'center' },
          { header: 'Đơn vị', width: 34 },
          { header: 'Tình trạng', width: 18, align: 'center' },
          { header: 'Nhận lần đầu', width: 24, align: 'center' },
          { header: 'Phiên bản', width: 12, align: 'center' },
        ],
        listed
          .slice(0, maxRows)
          .map((u, i) => [
            String(i + 1),
            u.name,
            STATUS_LABEL[u.status],
            u.firstReceivedAt ? ictLong(u.firstReceivedAt) : '-',
            u.version === null ? '-' : String(u.version),
          ]),
      ),
    );
    out.push(afterTable());
  }
  if (s.unexpected.length > 0)
    out.push(
      body(
        `Ngoài ra, có ${proseCount(s.unexpected.length)} đơn vị gửi báo cáo nhưng không thuộc diện báo cáo kỳ này (không tính vào số liệu tổng hợp): ${s.unexpected
          .map((u) => `${u.name ?? 'mã'} (${u.code}, ${lowerFirst(REASON_LABEL[u.reason])})`)
          .join('; ')}.`,
      ),
    );
  return out;
}

/** One row per indicator, its levels as "- level" rows under it. */
function figureTable(list: IndicatorTotal[], reported: number): Table {
  const rows: string[][] = [];
  list.forEach((i, k) => {
    // Every covered unit counted the same kind ("10 xã, thị trấn"): printed with the figure, as written.
    const q =
      i.total !== null && i.qualifiers.length === 1 && i.qualifiers[0]!.units === i.coverage.units ? ` ${i.qualifiers[0]!.text}` : '';
    rows.push([
      String(k + 1),
      i.label,
      i.unit ?? '',
      i.aggregate === 'none' ? '-' : `${figureText(i.total, i.type)}${q}`,
      `${i.coverage.units}/${reported}`,
    ]);
    for (const l of i.levels) rows.push(['', `- ${l.label}`, i.unit ?? '', figureText(l.total, i.type), `${l.coverage.units}/${reported}`]);
  });
  return dataTable(
    [
      { header: 'STT', width: 7, align: 'center' },
      { header: 'Chỉ tiêu', width: 48 },
      { header: 'Đơn vị tính', width: 13, align: 'center' },
      { header: 'Kết quả', width: 16, align: 'right' },
      { header: 'Số đơn vị có số liệu', width: 16, align: 'center' },
    ],
    rows,
  );
}

function breakdownTables(i: IndicatorTotal, topRows: number, caption: Caption, unitName: (code: string) => string): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of i.breakdowns) {
    if (b.rows.length === 0) continue;
    const shown = b.rows.slice(0, topRows);
    const rest = b.rows.slice(topRows);
    const sub = b.kind === 'subunit';
    out.push(caption(`${i.shortLabel ?? i.label} theo ${lowerFirst(b.label)}${b.levelLabel ? ` (${lowerFirst(b.levelLabel)})` : ''}`));
    const cols: Col[] = sub
      ? [
          { header: 'STT', width: 8, align: 'center' },
          { header: b.label, width: 34 },
          { header: 'Thuộc đơn vị', width: 34 },
          { header: i.unit ? `Số ${i.unit}` : 'Số liệu', width: 20, align: 'right' },
        ]
      : [
          { header: 'STT', width: 8, align: 'center' },
          { header: b.label, width: 52 },
          { header: i.unit ? `Số ${i.unit}` : 'Số liệu', width: 20, align: 'right' },
          { header: 'Số đơn vị', width: 20, align: 'right' },
        ];
    const rows = shown.map((r, k) =>
      sub
        ? [String(k + 1), r.label, r.units[0] ? unitName(r.units[0].code) : '', figureText(r.total, i.type)]
        : [String(k + 1), r.label, figureText(r.total, i.type), cellCount(r.units.length)],
    );
    if (rest.length) {
      const sum = figureText(
        rest.reduce((a, r) => a + r.total, 0),
        i.type,
      );
      rows.push(
        sub
          ? [String(shown.length + 1), `Còn lại (${rest.length})`, '', sum]
          : [String(shown.length + 1), `Còn lại (${rest.length})`, sum, '-'],
      );
    }
    out.push(dataTable(cols, rows));
    out.push(afterTable());
  }
  return out;
}

function comparisonPart(s: RollupSummary, caption: Caption): (Paragraph | Table)[] {
  const cmp = s.comparison;
  if (!cmp) return [body('Chưa có số liệu tổng hợp kỳ trước để so sánh.')];
  if (!cmp.comparable) return [body(cmp.note ?? `Kỳ này không so sánh được với kỳ ${cmp.period}.`)];
  const delta = (d: number | null, type?: string) => (d === null ? '-' : `${d > 0 ? '+' : ''}${figureText(d, type)}`);
  const rows: string[][] = [];
  const reported = cmp.completeness.reported;
  if (reported) rows.push(['Số đơn vị đã gửi báo cáo', figureText(reported.current), figureText(reported.previous), delta(reported.delta)]);
  for (const i of s.indicators) {
    const ch = cmp.indicators[i.code];
    if (!ch || (ch.current === null && ch.previous === null)) continue;
    rows.push([indicatorName(i), figureText(ch.current, i.type), figureText(ch.previous, i.type), delta(ch.delta, i.type)]);
  }
  return [
    body(`So sánh với số liệu tổng hợp kỳ ${cmp.period}, theo cùng chỉ tiêu:`),
    caption(`So sánh với kỳ ${cmp.period}`),
    dataTable(
      [
        { header: 'Chỉ tiêu', width: 46 },
        { header: 'Kỳ này', width: 18, align: 'right' },
        { header: 'Kỳ trước', width: 18, align: 'right' },
        { header: 'Tăng (+), giảm (-)', width: 18, align: 'right' },
      ],
      rows,
    ),
    afterTable(),
  ];
}

/** The annex: each compiled kind, each unit's words verbatim, attributed, in unit order. */
function annexPart(s: RollupSummary, symbol: string, maxRows: number): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, pageBreakBefore: true, spacing: TIGHT, children: runs('PHỤ LỤC', { bold: true }) }),
    centred('TỔNG HỢP Ý KIẾN CỦA CÁC ĐƠN VỊ', { bold: true, size: SIZE.title }),
    centred(
      `(Kèm theo Báo cáo số ${BLANK}/${symbol} về kết quả thực hiện công tác CCHC ${s.period.label})`,
      { italics: true, size: SIZE.body },
      { after: 240 },
    ),
  ];
  s.annex.forEach((a, k) => {
    out.push(heading(`${k + 1}. ${a.label}`));
    for (const e of a.entries.slice(0, maxRows)) {
      out.push(bodyParagraph([...runs(e.unitName, { bold: true }), ...runs(` (${e.title}):`, { italics: true })], { keepNext: true }));
      for (const t of e.texts) out.push(body(t));
    }
    // A paper annex stays readable; every unit's words are in the .xlsx.
    if (a.entries.length > maxRows)
      out.push(
        body(`Ý kiến của ${groupDigits(a.entries.length - maxRows)} đơn vị khác tại tệp tổng hợp .xlsx (trang "Ý kiến đơn vị").`, {
          italics: true,
        }),
      );
  });
  return out;
}

function coreXml(s: RollupSummary, ctx: DocxContext, when: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(`Báo cáo tổng hợp CCHC ${s.period.label} - ${s.province.name}`)}</dc:title>` +
    `<dc:subject>${xmlEscape(`CCHC ${s.province.code} ${s.period.id}`)}</dc:subject>` +
    `<dc:creator>${xmlEscape(s.document?.issuingAuthority ?? 'Sở Nội vụ')}</dc:creator>` +
    `<cp:keywords>${xmlEscape(`CCHC; ${s.province.code}; ${s.period.id}; ${ctx.runId}`)}</cp:keywords>` +
    `<dc:language>vi-VN</dc:language>` +
    `<cp:lastModifiedBy>${xmlEscape(s.document?.issuingAuthority ?? 'Sở Nội vụ')}</cp:lastModifiedBy>` +
    `<cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

export async function buildRollupDocx(s: RollupSummary, ctx: DocxContext): Promise<Buffer> {
  const doc = new Document({
    creator: s.document?.issuingAuthority ?? 'Sở Nội vụ',
    title: `Báo cáo tổng hợp CCHC ${s.period.label}`,
    styles: {
      default: defaultStyle(),
      paragraphStyles: [headerStyle()],
    },
    sections: [
      {
        properties: pageProperties(),
        headers: pageNumberHeaders(),
        children: content(s, ctx),
      },
    ],
  });
  const packed = Buffer.from(await Packer.toBuffer(doc));
  const date = documentDate(s);
  const when = s.asOf ? `${s.asOf.slice(0, 19)}Z` : `${date}T00:00:00Z`;
  return normalisePackage(packed, date, { 'docProps/core.xml': coreXml(s, ctx, when) });
}

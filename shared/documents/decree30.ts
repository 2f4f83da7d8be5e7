/**
 * The layout of Decree 30/2020/NĐ-CP, Appendix I, shared by the unit's report
 * (report-docx.ts) and the province's summary (../rollup/docx.ts): page geometry, type
 * sizes, spacing, and the blocks every administrative report has (the two-column header,
 * "BÁO CÁO" and its summary, "Kính gửi:", "Nơi nhận:" and the signature). One place, so
 * the two documents cannot drift apart. Lengths are twips (1 mm = 56.7), sizes half-points.
 */
import {
  AlignmentType,
  BorderStyle,
  Header,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';

// ---------------------------------------------------------------------------
// Geometry and type.

/** Millimetres to twips: the decree gives its margins in mm. */
export const mm = (v: number) => Math.round((v * 1440) / 25.4);
/** A4 portrait, as the decree requires. */
export const PAGE = { width: 11906, height: 16838 } as const;
/** The decree's margins: 20 mm top and bottom, 30 mm left (binding), 15 mm right. */
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) } as const;
/** Width of the text between the margins (9355): tables span it. */
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** The header's left column (6.5 cm, authority and number); the motto takes the rest. */
export const HEADER_LEFT = 3686;
export const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
/** The "Nơi nhận:" column of the signature block; the signer takes the rest. */
export const SIGNATURE_LEFT = 4536;
/** Word's default left/right cell margin: centring a rule in a cell must allow for it. */
export const CELL_PAD = 108;
/** First-line indent of body paragraphs (1.27 cm). */
export const FIRST_LINE = 720;
/** The decree's typeface. */
export const FONT = 'Times New Roman';

/** Points to half-points, the unit docx sizes are given in. */
export const pt = (v: number) => v * 2;
/** Type size of each element, as the decree's Appendix I sets them. */
export const SIZE = {
  body: pt(14),
  authority: pt(13),
  parent: pt(13),
  number: pt(13),
  nation: pt(12),
  motto: pt(13),
  placeDate: pt(14),
  title: pt(14),
  footnote: pt(12),
  recipientsLabel: pt(12),
  recipients: pt(11),
  signer: pt(14),
  signerName: pt(14),
  table: pt(12),
  pageNumber: pt(13),
} as const;

/** Body text: 6 pt after, line spacing 1.15. */
export const BODY_SPACING = { before: 0, after: 120, line: 276, lineRule: LineRuleType.AUTO } as const;
/** Header, signature and footnote lines: single-spaced, nothing between. */
export const TIGHT = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } as const;
/** Table cells: a little air above and below, single-spaced. */
export const CELL_SPACING = { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } as const;

/** Height of the paragraph that carries a rule: clears the dots below (ệ, ự) of the line above. */
export const RULE_LINE = 100;
/** The short rules under the authority, the motto and the title. */
export const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };
/** The grid of data tables. */
export const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** No border: the header and signature blocks are borderless tables. */
export const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/** Blanks left for the number and the day, filled by hand when the report is signed. */
export const BLANK = '\u00A0'.repeat(2) + ' '.repeat(4);

/** Upper case as Vietnamese writes it: the header and signer lines are in capitals. */
export const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

// ---------------------------------------------------------------------------
// Runs and paragraphs.

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

/** Text runs in the decree's font; line breaks in the text become breaks, tabs become spaces. */
export function runs(text: string, style: RunStyle = {}): TextRun[] {
  return text
    .replace(/\t/g, ' ')
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ text: line, font: FONT, size: SIZE.body, ...style, ...(i > 0 ? { break: 1 } : {}) }));
}

/** A body paragraph: justified, first line indented; `keepNext` holds a heading to its text. */
export function bodyParagraph(children: ParagraphChild[], opts: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE },
    spacing: BODY_SPACING,
    ...(opts.keepNext ? { keepNext: true, keepLines: true } : {}),
    children,
  });
}

/** Section headings are bold body paragraphs kept with what follows. */
export const heading = (text: string) => bodyParagraph(runs(text, { bold: true }), { keepNext: true });

/** A centred line: the header, title and signature lines. */
export function centred(text: string, style: RunStyle, spacing: { before?: number; after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...TIGHT, ...spacing },
    children: runs(text, style),
  });
}

/** The empty paragraph after a table: Word would otherwise run the next text into it. */
export const afterTable = () => new Paragraph({ spacing: { before: 0, after: 120 }, children: [] });

/**
 * A short centred rule under a header line: an empty paragraph of one point with a bottom
 * border, indented so that the rule is `width` twips long in a cell of `cellWidth`.
 */
export function rule(width: number, cellWidth: number): Paragraph {
  const indent = Math.max(0, Math.round((cellWidth - 2 * CELL_PAD - width) / 2));
  return new Paragraph({
    indent: { left: indent, right: indent },
    spacing: { before: 0, after: 0, line: RULE_LINE, lineRule: LineRuleType.EXACT },
    border: { bottom: RULE },
    children: [new TextRun({ text: '', font: FONT, size: 2 })],
  });
}

// ---------------------------------------------------------------------------
// Tables.

/** Two borderless columns in one unsplittable row: how the decree sets header and signature side by side. */
export function twoColumns(left: Paragraph[], right: Paragraph[], widths: [number, number]): Table {
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
      children: children.length > 0 ? children : [new Paragraph({ spacing: TIGHT, children: [] })],
    });
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [new TableRow({ cantSplit: true, children: [cell(left, widths[0]), cell(right, widths[1])] })],
  });
}

export type Align = 'left' | 'center' | 'right';
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** A cell of a data table: one paragraph in the table size, vertically centred. */
export function gridCell(text: string, width: number, opts: { bold?: boolean; align?: Align } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    children: [
      new Paragraph({
        alignment: ALIGN[opts.align ?? 'center'],
        spacing: CELL_SPACING,
        children: runs(text, { size: SIZE.table, ...(opts.bold ? { bold: true } : {}) }),
      }),
    ],
  });
}

/** Data tables are fully ruled. */
export const GRID_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

// ---------------------------------------------------------------------------
// The decree's blocks.

/**
 * The header: left, the parent authority, the issuing authority (bold), a rule and
 * "Số: {number}"; right, the national name and motto (bold), a rule and the place and
 * date (italic). Texts come as printed: the caller upper-cases and breaks them.
 */
export function decreeHeader(h: { parent?: string; authority: string; number: string; placeDate: string }): Table {
  const left: Paragraph[] = [];
  if (h.parent !== undefined) left.push(centred(h.parent, { size: SIZE.parent }));
  left.push(centred(h.authority, { bold: true, size: SIZE.authority }));
  left.push(rule(1150, HEADER_LEFT));
  left.push(centred(`Số: ${h.number}`, { size: SIZE.number }, { before: 160 }));
  const right: Paragraph[] = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SIZE.nation }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: SIZE.motto }),
    rule(3200, HEADER_RIGHT),
    centred(h.placeDate, { italics: true, size: SIZE.placeDate }, { before: 160 }),
  ];
  return twoColumns(left, right, [HEADER_LEFT, HEADER_RIGHT]);
}

/** "BÁO CÁO", the summary under it (bold) and a rule: the document's title. */
export function titleBlock(summary: string): Paragraph[] {
  return [
    centred('BÁO CÁO', { bold: true, size: SIZE.title }, { before: 360 }),
    centred(summary, { bold: true, size: SIZE.title }),
    rule(2400, TEXT_WIDTH + 2 * CELL_PAD),
  ];
}

/** "Kính gửi: {recipient}" on one centred line, for a single recipient. */
export const addressedTo = (recipient: string) => centred(`Kính gửi: ${recipient}`, { size: SIZE.body }, { before: 240, after: 240 });

/**
 * "Nơi nhận:" and its list (each line as given, after "- ") on the left; on the right the
 * signer's capacity and title lines (bold), five blank lines for the signature and seal,
 * and the signer's name when given.
 */
export function signatureBlock(recipients: readonly string[], signer: { titles: readonly string[]; name?: string }): Table {
  const left: Paragraph[] = [
    new Paragraph({ spacing: TIGHT, children: runs('Nơi nhận:', { bold: true, italics: true, size: SIZE.recipientsLabel }) }),
    ...recipients.map((line) => new Paragraph({ spacing: TIGHT, children: runs(`- ${line}`, { size: SIZE.recipients }) })),
  ];
  const right: Paragraph[] = signer.titles.map((t) => centred(t, { bold: true, size: SIZE.signer }));
  for (let i = 0; i < 5; i++) right.push(centred('', { size: SIZE.body }));
  if (signer.name !== undefined) right.push(centred(signer.name, { bold: true, size: SIZE.signerName }));
  return twoColumns(left, right, [SIGNATURE_LEFT, TEXT_WIDTH - SIGNATURE_LEFT]);
}

// ---------------------------------------------------------------------------
// The document.

/** Default run and paragraph: the body text, in Vietnamese (for spelling and hyphenation). */
export const defaultStyle = () => ({
  document: {
    run: { font: FONT, size: SIZE.body, language: { value: 'vi-VN', eastAsia: 'vi-VN' } },
    paragraph: { spacing: BODY_SPACING },
  },
});

/** The style of the page header, which carries only the page number. */
export const headerStyle = () => ({
  id: 'Header',
  name: 'header',
  basedOn: 'Normal',
  paragraph: { spacing: TIGHT },
  run: { font: FONT, size: SIZE.pageNumber },
});

/** A4 with the decree's margins; a title page of its own so that page 1 has no number. */
export const pageProperties = () => ({
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { ...MARGIN, gutter: 0 },
  },
  titlePage: true,
});

/** The page number centred at the top, from page 2 on (the first page's header is empty). */
export const pageNumberHeaders = () => ({
  first: new Header({ children: [new Paragraph({ style: 'Header', children: [] })] }),
  default: new Header({
    children: [
      new Paragraph({
        style: 'Header',
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ font: FONT, size: SIZE.pageNumber, children: [PageNumber.CURRENT] })],
      }),
    ],
  }),
});

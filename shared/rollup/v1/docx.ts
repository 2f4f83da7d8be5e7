/**
 * bao-cao-tong-hop.docx: the province's summary report (báo cáo tổng hợp) of Sở Nội vụ,
 * laid out per Decree 30/2020/NĐ-CP, Appendix I, like the unit reports
 * (shared/documents/report-docx.ts): A4, margins 20/20/30/15 mm, Times New Roman, the
 * two-column header, "BÁO CÁO" and the summary line, "Kính gửi:", numbered sections,
 * tables, "Nơi nhận:" and the signature block. Number and day are left blank for the
 * office to fill in when the report is signed.
 *
 * Deterministic: core properties and zip timestamps come from the data (asOf).
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableLayoutType, TableRow, WidthType } from 'docx';
import {
  addressedTo,
  afterTable,
  BLANK,
  bodyParagraph,
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
} from '../../documents/decree30.ts';
import { proseCount } from '../../format/vi.ts';
import { documentDate, groupDigits, ictLong, provinceShortName, REASON_LABEL, STATUS_LABEL, vnDate } from './format.ts';
import { METRICS, type MetricKey, type RollupSummary } from './schema.ts';
import { normalisePackage } from '../../documents/zip.ts';

export interface DocxContext {
  runId: string;
  /** The issuing office: "Sở Nội vụ". */
  office?: string;
  /** Rows of the by-field and by-unit tables (the rest are summed in one row). */
  topRows?: number;
  /** Warnings quoted in the text (the rest are counted; all are in the .xlsx). */
  maxWarnings?: number;
  /**
   * Above this many units, tables 1 and 2 list only the units that need attention (late
   * or missing; most late dossiers) and point to the .xlsx for the full list: a paper
   * report stays readable, and the document's cost stays bounded. Every province of
   * Vietnam has fewer reporting units than the default, so in practice all are listed.
   */
  maxTableRows?: number;
}

/** Counts in prose as officials write them ("04", "1.234"), but "0" for none. */
const formatCount = (n: number) => (n === 0 ? '0' : proseCount(n));
const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1) : s);
const pad2 = (n: number) => String(n).padStart(2, '0');

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

const space = afterTable;
const num = (n: number | null | undefined) => (n === null || n === undefined ? '-' : groupDigits(n));
const caption = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: 120, after: 120 },
    children: runs(text, { bold: true, size: SIZE.table }),
  });

/** The report's sentences, from the numbers. */
function sentences(s: RollupSummary) {
  const t = s.totals;
  const c = s.completeness;
  const label = s.period.label;
  const out = {
    status: `Tổng số đơn vị phải báo cáo: ${formatCount(c.expected)}; đã gửi báo cáo: ${formatCount(c.reported)} (đúng hạn: ${formatCount(
      c.onTime,
    )}; trễ hạn: ${formatCount(c.late)}); chưa gửi báo cáo: ${formatCount(c.missing)}. Hạn gửi báo cáo: ngày ${vnDate(s.period.deadline)}.`,
    direction: [] as string[],
    inspection: [] as string[],
    communication: [] as string[],
    dossiers: [] as string[],
  };
  if (t.awardsCollectives !== null || t.awardsIndividuals !== null)
    out.direction.push(
      `Trong ${label}, các đơn vị đã khen thưởng ${formatCount(t.awardsCollectives ?? 0)} tập thể và ${formatCount(
        t.awardsIndividuals ?? 0,
      )} cá nhân có thành tích trong công tác cải cách hành chính.`,
    );
  if (t.inspected !== null) out.inspection.push(`Trong ${label}, các đơn vị đã tiến hành kiểm tra ${formatCount(t.inspected)} cơ quan, đơn vị.`);
  if (t.planned !== null) out.inspection.push(`Dự kiến thời gian tới, tiếp tục kiểm tra ${formatCount(t.planned)} cơ quan, đơn vị.`);
  const comm: string[] = [];
  if (t.provincialArticles !== null) comm.push(`${formatCount(t.provincialArticles)} tin, bài được duyệt đăng trên Trang tin CCHC Tỉnh`);
  if (t.unitArticles !== null) comm.push(`${formatCount(t.unitArticles)} tin, bài được đăng trên trang thông tin điện tử của các đơn vị`);
  if (comm.length) out.communication.push(`Trong ${label}, có ${comm.join('; ')}.`);
  if (t.radioColumnUnits !== null)
    out.communication.push(`Có ${groupDigits(t.radioColumnUnits)}/${groupDigits(c.reported)} đơn vị duy trì chuyên mục CCHC trên sóng phát thanh.`);
  const d: string[] = [];
  if (t.dossiersReceived !== null) d.push(`tiếp nhận ${formatCount(t.dossiersReceived)} hồ sơ`);
  if (t.dossiersResolvedOnTime !== null) d.push(`giải quyết đúng hạn ${formatCount(t.dossiersResolvedOnTime)} hồ sơ`);
  if (t.dossiersResolvedLate !== null) d.push(`giải quyết trễ hạn ${formatCount(t.dossiersResolvedLate)} hồ sơ`);
  if (t.dossiersPending !== null) d.push(`đang giải quyết ${formatCount(t.dossiersPending)} hồ sơ`);
  if (t.dossiersOverdue !== null) d.push(`trong đó quá hạn ${formatCount(t.dossiersOverdue)} hồ sơ`);
  if (d.length) out.dossiers.push(`Theo số liệu các đơn vị báo cáo: ${d.join(', ')}.`);
  const online: string[] = [];
  if (t.fullOnlineServices !== null) online.push(`${formatCount(t.fullOnlineServices)} dịch vụ công trực tuyến toàn trình`);
  if (t.partialOnlineServices !== null) online.push(`${formatCount(t.partialOnlineServices)} dịch vụ công trực tuyến một phần`);
  if (online.length) out.dossiers.push(`Các đơn vị cung cấp ${online.join(' và ')}.`);
  if (t.dossiersOnline !== null) out.dossiers.push(`Tiếp nhận ${formatCount(t.dossiersOnline)} hồ sơ trực tuyến trong kỳ.`);
  return out;
}

/** Metrics compared with the previous period in section IV. */
const COMPARED: MetricKey[] = [
  'reportedUnits',
  'onTimeUnits',
  'inspected',
  'planned',
  'lateDossiers',
  'lateDossiersUnitLevel',
  'lateDossiersCommuneLevel',
  'provincialArticles',
  'unitArticles',
  'awardsCollectives',
  'awardsIndividuals',
  'dossiersReceived',
  'dossiersResolvedOnTime',
  'dossiersResolvedLate',
];
const METRIC_LABEL = new Map<string, string>(METRICS);

function content(s: RollupSummary, ctx: DocxContext): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const province = provinceShortName(s.province.name);
  const office = ctx.office ?? 'Sở Nội vụ';
  const topRows = ctx.topRows ?? 20;
  const maxWarnings = ctx.maxWarnings ?? 50;
  const maxRows = ctx.maxTableRows ?? 300;
  const date = documentDate(s);
  const [y, m] = date.split('-').map(Number) as [number, number, number];
  const txt = sentences(s);

  // Header: issuing office left, national motto and place/date right.
  out.push(
    decreeHeader({
      parent: upper(`UBND tỉnh ${province}`),
      authority: upper(office),
      number: `${BLANK}/BC-SNV`,
      placeDate: `${province}, ngày ${BLANK} tháng ${m <= 2 ? pad2(m) : m} năm ${y}`,
    }),
  );
  out.push(...titleBlock(`Tổng hợp kết quả thực hiện công tác cải cách hành chính\n${s.period.label} của các đơn vị trên địa bàn tỉnh ${province}`));
  out.push(addressedTo(`Ủy ban nhân dân tỉnh ${province}`));

  out.push(
    body(
      `Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính (CCHC), trên cơ sở báo cáo của các đơn vị gửi qua hệ thống${
        s.asOf ? ` (số liệu tính đến ${ictLong(s.asOf)})` : ''
      }, ${office} tổng hợp kết quả thực hiện công tác CCHC ${s.period.label} như sau:`,
    ),
  );

  // I. Who reported.
  out.push(heading('I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ'));
  out.push(body(txt.status));
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
    out.push(caption(all ? `Bảng 1. Tình hình gửi báo cáo ${s.period.label}` : 'Bảng 1. Các đơn vị chưa gửi hoặc gửi báo cáo trễ hạn'));
    out.push(
      dataTable(
        [
          { header: 'STT', width: 8, align: 'center' },
          { header: 'Đơn vị', width: 34 },
          { header: 'Tình trạng', width: 18, align: 'center' },
          { header: 'Nhận lần đầu', width: 24, align: 'center' },
          { header: 'Phiên bản', width: 12, align: 'center' },
        ],
        listed.slice(0, maxRows).map((u, i) => [
          String(i + 1),
          u.name,
          STATUS_LABEL[u.status],
          u.firstReceivedAt ? ictLong(u.firstReceivedAt) : '-',
          u.version === null ? '-' : String(u.version),
        ]),
      ),
    );
  }
  out.push(space());
  if (s.unexpected.length > 0) {
    out.push(
      body(
        `Ngoài ra, có ${formatCount(s.unexpected.length)} đơn vị gửi báo cáo nhưng không thuộc diện báo cáo kỳ này (không tính vào số liệu tổng hợp): ${s.unexpected
          .map((u) => `${u.name ?? 'mã'} (${u.code}, ${lowerFirst(REASON_LABEL[u.reason])})`)
          .join('; ')}.`,
      ),
    );
  }

  // II. Results.
  out.push(heading('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC'));
  out.push(heading('1. Công tác chỉ đạo, điều hành CCHC'));
  out.push(...(txt.direction.length ? txt.direction : ['Các đơn vị chưa báo cáo số liệu khen thưởng.']).map((t) => body(t)));
  out.push(heading('2. Công tác kiểm tra CCHC'));
  out.push(...(txt.inspection.length ? [txt.inspection.join(' ')] : ['Các đơn vị chưa báo cáo số liệu kiểm tra.']).map((t) => body(t)));
  out.push(heading('3. Công tác tuyên truyền CCHC'));
  out.push(...(txt.communication.length ? txt.communication : ['Các đơn vị chưa báo cáo số liệu tuyên truyền.']).map((t) => body(t)));
  if (txt.dossiers.length) {
    out.push(heading('4. Kết quả giải quyết thủ tục hành chính'));
    out.push(...txt.dossiers.map((t) => body(t)));
  }
  const reporting = s.units.filter((u) => u.figures !== null);
  const allReporting = reporting.length <= maxRows;
  // Too many to list: the units with most late dossiers.
  const shownUnits = allReporting
    ? reporting
    : [...reporting].sort((a, b) => b.figures!.lateDossiers - a.figures!.lateDossiers).slice(0, Math.max(1, Math.floor(maxRows / 10)));
  if (reporting.length > 0) {
    if (!allReporting)
      out.push(
        body(
          `Bảng 2 nêu ${groupDigits(shownUnits.length)} đơn vị có nhiều hồ sơ trễ hạn nhất trong ${groupDigits(
            reporting.length,
          )} đơn vị đã báo cáo; số liệu của từng đơn vị tại tệp tổng hợp .xlsx (trang "Đơn vị").`,
        ),
      );
    out.push(caption(allReporting ? 'Bảng 2. Số liệu chủ yếu của từng đơn vị' : 'Bảng 2. Số liệu chủ yếu của các đơn vị có nhiều hồ sơ trễ hạn'));
    const t = s.totals;
    out.push(
      dataTable(
        [
          { header: 'STT', width: 8, align: 'center' },
          { header: 'Đơn vị', width: 26 },
          { header: 'Đã kiểm tra', width: 11, align: 'right' },
          { header: 'Dự kiến kiểm tra', width: 11, align: 'right' },
          { header: 'Hồ sơ trễ hạn tại đơn vị', width: 12, align: 'right' },
          { header: 'Hồ sơ trễ hạn cấp xã', width: 12, align: 'right' },
          { header: 'Tin, bài (Tỉnh / đơn vị)', width: 12, align: 'center' },
          { header: 'Khen thưởng (tập thể / cá nhân)', width: 12, align: 'center' },
        ],
        [
          ...shownUnits.map((u, i) => {
            const f = u.figures!;
            return [
              String(i + 1),
              u.name,
              num(f.inspected),
              num(f.planned),
              num(f.lateDossiersUnitLevel),
              num(f.lateDossiersCommuneLevel),
              `${num(f.provincialArticles)} / ${num(f.unitArticles)}`,
              `${num(f.awardsCollectives)} / ${num(f.awardsIndividuals)}`,
            ];
          }),
          [
            '',
            'Tổng cộng',
            num(t.inspected),
            num(t.planned),
            num(t.lateDossiersUnitLevel),
            num(t.lateDossiersCommuneLevel),
            `${num(t.provincialArticles)} / ${num(t.unitArticles)}`,
            `${num(t.awardsCollectives)} / ${num(t.awardsIndividuals)}`,
          ],
        ],
        { boldLastRow: true },
      ),
    );
    out.push(space());
  }

  // III. Late dossiers.
  out.push(heading('III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC'));
  const levels = s.lateDossiers.byLevel;
  if ((s.totals.lateDossiers ?? 0) === 0) {
    out.push(body(reporting.length ? 'Các đơn vị không báo cáo hồ sơ trễ hạn trong kỳ.' : 'Chưa có đơn vị gửi báo cáo.'));
  } else {
    out.push(
      body(
        `Còn tình trạng hồ sơ trễ hạn trên phần mềm một cửa điện tử: tổng số ${formatCount(s.totals.lateDossiers ?? 0)} hồ sơ trễ hạn, trong đó ${levels
          .map((l) => `${lowerFirst(l.label)} là ${formatCount(l.total)} hồ sơ`)
          .join(', ')}.`,
      ),
    );
    const fields = s.lateDossiers.byField;
    if (fields.length > 0) {
      const shown = fields.slice(0, topRows);
      const rest = fields.slice(topRows);
      out.push(caption('Bảng 3. Hồ sơ trễ hạn theo lĩnh vực'));
      out.push(
        dataTable(
          [
            { header: 'STT', width: 8, align: 'center' },
            { header: 'Lĩnh vực', width: 52 },
            { header: 'Số hồ sơ trễ hạn', width: 20, align: 'right' },
            { header: 'Số đơn vị', width: 20, align: 'right' },
          ],
          [
            ...shown.map((f, i) => [String(i + 1), f.field, groupDigits(f.total), groupDigits(f.units.length)]),
            ...(rest.length
              ? [[String(shown.length + 1), `Các lĩnh vực khác (${rest.length})`, groupDigits(rest.reduce((a, f) => a + f.total, 0)), '-']]
              : []),
          ],
        ),
      );
      out.push(space());
    }
    const subs = s.lateDossiers.byUnit;
    if (subs.length > 0) {
      const shown = subs.slice(0, topRows);
      const rest = subs.slice(topRows);
      out.push(caption('Bảng 4. Đơn vị có nhiều hồ sơ trễ hạn'));
      out.push(
        dataTable(
          [
            { header: 'STT', width: 8, align: 'center' },
            { header: 'Đơn vị', width: 34 },
            { header: 'Thuộc', width: 38 },
            { header: 'Số hồ sơ trễ hạn', width: 20, align: 'right' },
          ],
          [
            ...shown.map((u, i) => [String(i + 1), u.unitName, u.reportingUnitName, groupDigits(u.count)]),
            ...(rest.length
              ? [[String(shown.length + 1), `Các đơn vị khác (${rest.length})`, '', groupDigits(rest.reduce((a, u) => a + u.count, 0))]]
              : []),
          ],
        ),
      );
      out.push(space());
    }
  }

  // IV. Change against the previous period.
  out.push(heading('IV. SO SÁNH VỚI KỲ TRƯỚC'));
  if (s.notComparable) {
    out.push(body(s.notComparable));
  } else if (!s.previous || !s.change) {
    out.push(body('Chưa có số liệu tổng hợp kỳ trước để so sánh.'));
  } else {
    const ch = s.change;
    out.push(body(`So sánh với số liệu tổng hợp kỳ ${s.previous.period}:`));
    out.push(
      dataTable(
        [
          { header: 'Chỉ tiêu', width: 46 },
          { header: 'Kỳ này', width: 18, align: 'right' },
          { header: 'Kỳ trước', width: 18, align: 'right' },
          { header: 'Tăng (+), giảm (-)', width: 18, align: 'right' },
        ],
        COMPARED.filter((k) => ch[k] && (ch[k].current !== null || ch[k].previous !== null)).map((k) => {
          const v = ch[k]!;
          return [METRIC_LABEL.get(k) ?? k, num(v.current), num(v.previous), v.delta === null ? '-' : `${v.delta > 0 ? '+' : ''}${groupDigits(v.delta)}`];
        }),
      ),
    );
    out.push(space());
  }

  // V. Warnings.
  out.push(heading('V. CẢNH BÁO VỀ SỐ LIỆU'));
  if (s.warnings.length === 0) out.push(body('Không có cảnh báo.'));
  else {
    out.push(body(`Hệ thống ghi nhận ${formatCount(s.warnings.length)} cảnh báo trong báo cáo của các đơn vị, đề nghị các đơn vị kiểm tra lại:`));
    for (const w of s.warnings.slice(0, maxWarnings)) out.push(body(`- ${w.unitName}: ${w.message}`));
    if (s.warnings.length > maxWarnings)
      out.push(body(`- Và ${formatCount(s.warnings.length - maxWarnings)} cảnh báo khác (chi tiết trong tệp tổng hợp .xlsx).`));
  }

  out.push(body(`Trên đây là báo cáo tổng hợp kết quả thực hiện công tác cải cách hành chính ${s.period.label} của các đơn vị trên địa bàn tỉnh./.`));
  out.push(new Paragraph({ spacing: TIGHT, children: [] }));

  // Nơi nhận and signature.
  const recipients = ['Như trên', 'Giám đốc, các Phó Giám đốc Sở', 'Lưu: VT, CCHC'];
  out.push(signatureBlock(recipients.map((r, i) => `${r}${i === recipients.length - 1 ? '.' : ';'}`), { titles: ['GIÁM ĐỐC'] }));
  return out;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function coreXml(s: RollupSummary, ctx: DocxContext, when: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(`Báo cáo tổng hợp CCHC ${s.period.label} - ${s.province.name}`)}</dc:title>` +
    `<dc:subject>${xmlEscape(`CCHC ${s.province.code} ${s.period.id}`)}</dc:subject>` +
    `<dc:creator>${xmlEscape(ctx.office ?? 'Sở Nội vụ')}</dc:creator>` +
    `<cp:keywords>${xmlEscape(`CCHC; ${s.province.code}; ${s.period.id}; ${ctx.runId}`)}</cp:keywords>` +
    `<dc:language>vi-VN</dc:language>` +
    `<cp:lastModifiedBy>${xmlEscape(ctx.office ?? 'Sở Nội vụ')}</cp:lastModifiedBy>` +
    `<cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

export async function buildRollupDocx(s: RollupSummary, ctx: DocxContext): Promise<Buffer> {
  const doc = new Document({
    creator: ctx.office ?? 'Sở Nội vụ',
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

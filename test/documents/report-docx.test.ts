import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildReportDocx, DOCX_CONTENT_TYPE, reportDocFileName, type ReportDocContext } from '../../shared/documents/report-docx.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import type { DocumentRefBody as DocumentRef, ReportBody } from '../../shared/forms/body.ts';
import { reportFacts, type ReportFacts } from '../../shared/forms/facts.ts';
import { nextPeriodLabel, parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseReport } from '../../shared/report/validate.ts';

// ---------------------------------------------------------------------------
// Reading the package.

interface Parts {
  document: string;
  footnotes: string;
  styles: string;
  settings: string;
  core: string;
  /** Header parts by reference type ("default", "first"). */
  headers: Record<string, string>;
  names: string[];
}

async function open(buf: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(buf);
  const read = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`missing part ${name}`);
    return f.async('string');
  };
  const document = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const headers: Record<string, string> = {};
  for (const m of document.matchAll(/<w:headerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target =
      new RegExp(`<Relationship [^>]*Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels) ??
      new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels);
    headers[m[1]!] = await read(`word/${target![1]!.replace(/^\//, '').replace(/^word\//, '')}`);
  }
  return {
    document,
    footnotes: await read('word/footnotes.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    core: await read('docProps/core.xml'),
    headers,
    names: Object.keys(zip.files).sort(),
  };
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The paragraphs of a part, each with its XML and its text (breaks as "\n"). */
function paragraphs(xml: string): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => ({
    xml: m[0],
    text: [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
      .map((t) => (t[0] === '<w:br/>' ? '\n' : decode(t[1]!)))
      .join('')
      .replace(/\u00A0/g, ' '),
  }));
}

const allText = (xml: string) =>
  paragraphs(xml)
    .map((p) => p.text)
    .join('\n');

function para(xml: string, match: string | RegExp): { xml: string; text: string } {
  const found = paragraphs(xml).filter((p) => (typeof match === 'string' ? p.text === match : match.test(p.text)));
  if (found.length === 0) throw new Error(`no paragraph ${String(match)} in:\n${allText(xml)}`);
  return found[0]!;
}

/** Run properties of every run with text in a paragraph. */
const textRuns = (pxml: string) =>
  [...pxml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]!).filter((r) => /<w:t[\s>]/.test(r) && !/<w:t(?:\s[^>]*)?><\/w:t>/.test(r));

function expectRuns(pxml: string, expected: { size: number; bold?: boolean; italics?: boolean }) {
  const rs = textRuns(pxml);
  expect(rs.length).toBeGreaterThan(0);
  for (const r of rs) {
    expect(r).toContain(`<w:sz w:val="${expected.size}"/>`);
    if (expected.bold !== undefined) expect(/<w:b\/>/.test(r)).toBe(expected.bold);
    if (expected.italics !== undefined) expect(/<w:i\/>/.test(r)).toBe(expected.italics);
  }
}

const isCentred = (pxml: string) => pxml.includes('<w:jc w:val="center"/>');

// ---------------------------------------------------------------------------
// Fixtures.

const ctx: ReportDocContext = { unitCode: '870', unitName: 'Huyện Hồng Ngự', period: '2021-H1', version: 1 };

const form = bundledForms().find((f) => f.id === 'dong-thap-2021')!;
const registry = bundledRegistry();
/** The server's facts for Hồng Ngự, 2021-H1, with a parent authority line as the registry may set one. */
const facts: ReportFacts = {
  ...reportFacts(registry, registry.unitForPeriod('870', parsePeriod('2021-H1')!)!, parsePeriod('2021-H1')!, form),
  parentAuthority: 'UBND Tỉnh Đồng Tháp',
};
const plainFacts: ReportFacts = reportFacts(
  registry,
  registry.unitForPeriod('870', parsePeriod('2021-H1')!)!,
  parsePeriod('2021-H1')!,
  form,
);

function parse(body: unknown): ReportBody {
  const r = parseReport(form, body, 'vi');
  if (!r.ok) throw new Error(JSON.stringify(r.details));
  return r.report;
}
const build = (body: ReportBody, c: ReportDocContext = ctx, f: ReportFacts = facts) => buildReportDocx({ body, form, facts: f }, c);

const plan19: DocumentRef = {
  kind: 'Kế hoạch',
  number: '19/KH-UBND',
  date: '2021-01-19',
  subject: 'về thực hiện công tác quản lý nhà nước về thi hành pháp luật xử lý vi phạm hành chính năm 2021',
};

/** A report that exercises every branch: footnotes, sections given as data only, the appendix table. */
const full = {
  form: { id: 'dong-thap-2021', version: 1 },
  header: {
    number: '',
    symbol: 'BC-UBND',
    date: { year: 2021, month: 2, day: 5 },
    recipients: ['Sở Nội vụ', 'Văn phòng UBND Tỉnh'],
  },
  legalBasis: [
    {
      kind: 'Kế hoạch',
      number: '285/KH-UBND',
      date: '2020-12-05',
      issuer: 'Ủy ban nhân dân Tỉnh',
      subject: 'ban hành Kế hoạch cải cách hành chính tỉnh Đồng Tháp năm 2021',
      lead: 'Thực hiện',
    },
    {
      kind: 'Công văn',
      number: '364/SNV-CCCQ',
      date: '2021-02-22',
      issuer: 'Sở Nội vụ',
      subject: 'về việc hướng dẫn xây dựng báo cáo CCHC định kỳ năm 2021',
      lead: 'theo',
    },
  ],
  sections: {
    direction: {
      paragraphs: [
        [
          'Tập trung ban hành các văn bản về cải cách thể chế, kiểm soát TTHC,...',
          {
            footnote: {
              documents: [
                plan19,
                { kind: 'Nghị định', number: '130/2005/NĐ-CP', lead: 'Tiếp tục thực hiện' },
                {
                  kind: 'Nghị định',
                  number: '117/2013/NĐ-CP',
                  date: '2013-10-07',
                  issuer: 'Chính phủ',
                  subject: 'sửa đổi, bổ sung Nghị định 130/2005/NĐ-CP',
                },
              ],
            },
          },
          '; ban hành Kế hoạch khắc phục, nâng cao chỉ số CCHC của Huyện năm 2021',
          {
            footnote: {
              documents: [
                {
                  kind: 'Kế hoạch',
                  number: '87/KH-UBND',
                  date: '2021-03-24',
                  issuer: 'UBND Huyện',
                  subject: 'về duy trì và cải thiện chỉ số cải cách hành chính huyện Hồng Ngự năm 2021',
                },
              ],
            },
          },
          '.',
        ],
        'Đã trao giấy khen cho 06 tập thể và 21 cá nhân.',
      ],
    },
    inspection: {
      documents: [
        { kind: 'Kế hoạch', number: '218/KH-UBND', date: '2021-12-22', subject: 'về kiểm tra cải cách hành chính huyện Hồng Ngự năm 2021' },
      ],
    },
    recommendations: { items: ['Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC', 'Nâng cấp phần mềm một cửa điện tử'] },
    nextTasks: {
      items: [
        'Tiếp tục triển khai những nhiệm vụ theo Kế hoạch CCHC năm 2021 của Huyện',
        'Tăng cường tuyên truyền dịch vụ công trực tuyến',
        'Sơ kết công tác cải cách hành chính 06 tháng đầu năm 2021 trên địa bàn Huyện',
      ],
    },
  },
  values: {
    AWARDS_COLLECTIVES: { value: 6 },
    AWARDS_INDIVIDUALS: { value: 21 },
    INSPECTED_UNITS: { value: 10, qualifier: 'xã, thị trấn' },
    PLANNED_INSPECTIONS: { value: 12, qualifier: 'cơ quan chuyên môn' },
    PROVINCIAL_PORTAL_ARTICLES: { value: 4 },
    UNIT_PORTAL_ARTICLES: { value: 5 },
    RADIO_COLUMN: { value: true },
    DOSSIERS_RECEIVED: { levels: { unit: { value: 1234 }, commune: { value: 3456 } } },
    DOSSIERS_ON_TIME: { levels: { unit: { value: 980 }, commune: { value: 3273 } } },
    DOSSIERS_LATE: { levels: { unit: { value: 250 }, commune: { value: 183 } } },
    DOSSIERS_PENDING: { levels: { unit: { value: 4 } } },
    ONLINE_FULL: { value: 45 },
    ONLINE_PARTIAL: { value: 120 },
    ONLINE_DOSSIERS: { value: 7 },
    LATE_DOSSIERS: {
      levels: {
        unit: { value: 250, breakdown: { field: [{ key: 'dat-dai', value: 228 }] } },
        commune: { value: 183, breakdown: { commune: [{ name: 'Xã Long Thuận', value: 129 }] } },
      },
    },
  },
  closing: 'Kính chuyển Sở Nội vụ nắm, tổng hợp./.',
  distribution: ['Như trên', 'Các PCT/UBND Huyện;', '- UBND các xã, thị trấn', 'Lưu: VT'],
  signature: { lines: [{ prefix: 'TM.', text: 'Ủy ban nhân dân' }], title: 'Chủ tịch', name: 'Nguyễn Văn Khơi' },
};

const report = parse(full);

const minimal = parse({
  form: { id: 'dong-thap-2021', version: 1 },
  header: { symbol: 'BC-UBND', date: { year: 2021, month: 6 }, recipients: ['Sở Nội vụ'] },
  sections: { nextTasks: { items: ['Tiếp tục triển khai Kế hoạch CCHC'] } },
  distribution: ['Như trên', 'Lưu: VT.(TA)'],
  signature: { lines: [{ prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' }], title: 'CHỦ TỊCH', name: 'Nguyễn Văn Khơi' },
});

// ---------------------------------------------------------------------------

describe('reportDocFileName / DOCX_CONTENT_TYPE', () => {
  it('names the file by unit, period and version', () => {
    expect(reportDocFileName(ctx)).toBe('BC-CCHC-870-2021-H1-v1.docx');
    expect(reportDocFileName({ ...ctx, version: 3 })).toBe('BC-CCHC-870-2021-H1-v3.docx');
    expect(reportDocFileName({ ...ctx, unitCode: '../870' })).toBe('BC-CCHC-870-2021-H1-v1.docx');
    expect(DOCX_CONTENT_TYPE).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('buildReportDocx: layout (Decree 30/2020, Appendix I)', async () => {
  const buf = await build(report);
  const parts = await open(buf);
  const doc = parts.document;

  it('is a zip with the parts of a Word document', () => {
    expect(buf.subarray(0, 2).toString()).toBe('PK');
    expect(buf.toString('latin1', 30, 30 + '[Content_Types].xml'.length)).toBe('[Content_Types].xml');
    for (const p of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/footnotes.xml', 'docProps/core.xml'])
      expect(parts.names).toContain(p);
  });

  it('is A4 with margins 20/20/30/15 mm', () => {
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(doc)![1]!;
    expect(mar).toContain('w:top="1134"');
    expect(mar).toContain('w:bottom="1134"');
    expect(mar).toContain('w:left="1701"');
    expect(mar).toContain('w:right="850"');
  });

  it('sets Times New Roman 14 pt as the default and uses no other font', () => {
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(parts.styles)![0];
    expect(defaults).toMatch(
      /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/>/,
    );
    expect(defaults).toContain('<w:sz w:val="28"/>');
    for (const xml of [doc, parts.footnotes, ...Object.values(parts.headers)]) {
      const fonts = new Set([...xml.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map((m) => m[1]));
      expect([...fonts].filter((f) => f !== 'Times New Roman')).toEqual([]);
    }
  });

  it('has a borderless two-column header table', () => {
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(doc)![0];
    expect(doc.indexOf('<w:tbl>')).toBe(doc.indexOf('<w:body>') + '<w:body>'.length);
    expect(table.match(/<w:gridCol /g)).toHaveLength(2);
    const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(table)![1]!;
    expect(borders.match(/w:val="none"/g)).toHaveLength(6);
    const cells = table.split('<w:tc>').slice(1);
    expect(cells).toHaveLength(2);
    const [left, right] = cells as [string, string];

    // Left: parent authority, issuing authority in bold capitals, a short rule, "Số:".
    const parent = para(left, 'UBND TỈNH ĐỒNG THÁP');
    expect(isCentred(parent.xml)).toBe(true);
    expectRuns(parent.xml, { size: 26, bold: false });
    const authority = para(left, 'ỦY BAN NHÂN DÂN\nHUYỆN HỒNG NGỰ');
    expect(isCentred(authority.xml)).toBe(true);
    expectRuns(authority.xml, { size: 26, bold: true });
    const leftPs = paragraphs(left);
    const leftRule = leftPs[leftPs.indexOf(leftPs.find((p) => p.text === authority.text)!) + 1]!;
    expect(leftRule.text).toBe('');
    expect(leftRule.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const indent = /<w:ind w:left="(\d+)" w:right="(\d+)"\/>/.exec(leftRule.xml)!;
    expect(Number(indent[1])).toBeGreaterThan(500);
    expect(indent[1]).toBe(indent[2]);
    const number = para(left, /^Số:/);
    expect(number.text).toMatch(/^Số: {3,}\/BC-UBND$/);
    expectRuns(number.xml, { size: 26, bold: false });
    expect(left).not.toMatch(/_{3,}/);

    // Right: national name, motto with a rule, place and date.
    const nation = para(right, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(isCentred(nation.xml)).toBe(true);
    expectRuns(nation.xml, { size: 24, bold: true });
    const motto = para(right, 'Độc lập - Tự do - Hạnh phúc');
    expectRuns(motto.xml, { size: 26, bold: true });
    const rightPs = paragraphs(right);
    const mottoRule = rightPs[rightPs.findIndex((p) => p.text === motto.text) + 1]!;
    expect(mottoRule.text).toBe('');
    expect(mottoRule.xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const date = para(right, /^Hồng Ngự, ngày/);
    expect(date.text).toBe('Hồng Ngự, ngày 05 tháng 02 năm 2021');
    expect(isCentred(date.xml)).toBe(true);
    expectRuns(date.xml, { size: 28, italics: true });
    expect(right).not.toMatch(/_{3,}/);
  });

  it('writes the number when issued and leaves the day blank until signed', async () => {
    const issued = await open(await build(parse({ ...full, header: { ...full.header, number: '123' } })));
    expect(para(issued.document, /^Số:/).text).toBe('Số: 123/BC-UBND');
    const m = await open(await build(minimal, ctx, plainFacts));
    expect(para(m.document, /^Hồng Ngự, ngày/).text).toMatch(/^Hồng Ngự, ngày {3,}tháng 6 năm 2021$/);
    expect(para(m.document, /^Số:/).text).toMatch(/^Số: {3,}\/BC-UBND$/);
    // No parent authority line when there is none.
    expect(allText(m.document)).not.toContain('UBND TỈNH');
  });

  it('writes "BÁO CÁO", the summary and the recipients centred', () => {
    const title = para(doc, 'BÁO CÁO');
    expect(isCentred(title.xml)).toBe(true);
    expectRuns(title.xml, { size: 28, bold: true });
    const summary = para(doc, 'Công tác cải cách hành chính 06 tháng đầu năm 2021');
    expect(isCentred(summary.xml)).toBe(true);
    expectRuns(summary.xml, { size: 28, bold: true });
    // Several recipients: a list under "Kính gửi:".
    expect(para(doc, /^Kính gửi:/).text).toBe('Kính gửi:- Sở Nội vụ;');
    expect(para(doc, /^Kính gửi:/).xml).toContain('<w:tab/>');
    para(doc, '- Văn phòng UBND Tỉnh.');
  });

  it('writes a single recipient on one centred line', async () => {
    const m = await open(await build(minimal, ctx, plainFacts));
    const p = para(m.document, /^Kính gửi:/);
    expect(p.text).toBe('Kính gửi: Sở Nội vụ');
    expect(isCentred(p.xml)).toBe(true);
  });

  it('has the section headings of the seed, bold, in order', () => {
    const headings = [
      'I. TÌNH HÌNH TỔ CHỨC THỰC HIỆN VÀ CÔNG TÁC KIỂM TRA, TUYÊN TRUYỀN CCHC',
      '1. Công tác chỉ đạo, điều hành CCHC',
      '2. Công tác kiểm tra',
      '3. Công tác tuyên truyền CCHC',
      'II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục).',
      'III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC',
      'IV. KIẾN NGHỊ, ĐỀ XUẤT',
      'V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2021',
    ];
    const texts = paragraphs(doc).map((p) => p.text);
    let last = -1;
    for (const h of headings) {
      const i = texts.indexOf(h);
      expect(i, h).toBeGreaterThan(last);
      last = i;
      expectRuns(para(doc, h).xml, { size: 28, bold: true });
    }
  });

  it('justifies the body with a 1.27 cm first-line indent, 1.15 lines and 6 pt after', () => {
    const body = para(doc, /^Thực hiện Kế hoạch số 285\/KH-UBND/);
    expect(body.xml).toContain('<w:jc w:val="both"/>');
    expect(body.xml).toContain('<w:ind w:firstLine="720"/>');
    expect(body.xml).toMatch(/<w:spacing w:after="120" w:before="0" w:line="276" w:lineRule="auto"\/>/);
    expectRuns(body.xml, { size: 28, bold: false });
    const defaults = /<w:pPrDefault>[\s\S]*?<\/w:pPrDefault>/.exec(parts.styles)![0];
    expect(defaults).toMatch(/w:after="120"/);
    expect(defaults).toMatch(/w:line="276"/);
  });

  it('composes the introduction from the legal basis when it is not given', () => {
    expect(para(doc, /^Thực hiện Kế hoạch số 285/).text).toBe(
      'Thực hiện Kế hoạch số 285/KH-UBND ngày 05 tháng 12 năm 2020 của Ủy ban nhân dân Tỉnh ban hành Kế hoạch cải cách hành chính tỉnh Đồng Tháp năm 2021 và theo Công văn số 364/SNV-CCCQ ngày 22 tháng 02 năm 2021 của Sở Nội vụ về việc hướng dẫn xây dựng báo cáo CCHC định kỳ năm 2021. Ủy ban nhân dân huyện Hồng Ngự báo cáo công tác cải cách hành chính 06 tháng đầu năm 2021, như sau:',
    );
  });

  it('makes real footnotes of the document lists', () => {
    const refs = [...doc.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => m[1]);
    expect(refs).toEqual(['1', '2']);
    // The reference mark is superscript, through the footnote reference style.
    expect(doc).toMatch(/<w:rStyle w:val="FootnoteReference"\/><\/w:rPr><w:footnoteReference w:id="1"\/>/);
    expect(parts.styles).toMatch(/w:styleId="FootnoteReference"[\s\S]*?<w:vertAlign w:val="superscript"\/>/);
    // The paragraph reads on after the mark.
    expect(para(doc, /^Tập trung ban hành/).text).toBe(
      'Tập trung ban hành các văn bản về cải cách thể chế, kiểm soát TTHC,...; ban hành Kế hoạch khắc phục, nâng cao chỉ số CCHC của Huyện năm 2021.',
    );

    const note = (id: string) => {
      const m = new RegExp(`<w:footnote w:id="${id}">([\\s\\S]*?)</w:footnote>`).exec(parts.footnotes);
      expect(m, `footnote ${id}`).not.toBeNull();
      return m![1]!;
    };
    const one = note('1');
    expect(one).toContain('<w:footnoteRef/>');
    expect(allText(one).trim()).toBe(
      'Kế hoạch số 19/KH-UBND ngày 19/01/2021 về thực hiện công tác quản lý nhà nước về thi hành pháp luật xử lý vi phạm hành chính năm 2021; Tiếp tục thực hiện Nghị định số 130/2005/NĐ-CP; Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ sửa đổi, bổ sung Nghị định 130/2005/NĐ-CP.',
    );
    expect(allText(note('2')).trim()).toBe(
      'Kế hoạch số 87/KH-UBND ngày 24/03/2021 của UBND Huyện về duy trì và cải thiện chỉ số cải cách hành chính huyện Hồng Ngự năm 2021.',
    );
    // Separators as Word writes them: no reference mark (docx adds one; Word would repair the file).
    for (const type of ['separator', 'continuationSeparator']) {
      const sep = new RegExp(`<w:footnote w:type="${type}" w:id="-?\\d+">([\\s\\S]*?)</w:footnote>`).exec(parts.footnotes);
      expect(sep, type).not.toBeNull();
      expect(sep![1]).toBe(`<w:p><w:r><w:${type}/></w:r></w:p>`);
    }
    for (const p of paragraphs(one)) {
      expect(p.xml).toContain('<w:pStyle w:val="FootnoteText"/>');
      expectRuns(p.xml, { size: 24 });
    }
    // The documents live in the footnotes, not in the body.
    const body = allText(doc);
    for (const n of ['19/KH-UBND', '130/2005/NĐ-CP', '117/2013/NĐ-CP', '87/KH-UBND']) expect(body).not.toContain(n);
  });

  it('prints the documents and values of sections written as data only', () => {
    const texts = paragraphs(doc).map((p) => p.text);
    const between = (from: string, to: string) => texts.slice(texts.indexOf(from) + 1, texts.indexOf(to));
    expect(between('2. Công tác kiểm tra', '3. Công tác tuyên truyền CCHC')).toEqual([
      '- Kế hoạch số 218/KH-UBND ngày 22/12/2021 về kiểm tra cải cách hành chính huyện Hồng Ngự năm 2021.',
      '- Số cơ quan, đơn vị đã được kiểm tra CCHC: 10 xã, thị trấn.',
      '- Số cơ quan, đơn vị dự kiến kiểm tra trong thời gian tới: 12 cơ quan chuyên môn.',
    ]);
    expect(between('3. Công tác tuyên truyền CCHC', 'II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục).')).toEqual([
      '- Số tin, bài được duyệt đăng trên Trang tin CCHC Tỉnh: 04 tin, bài.',
      '- Số tin, bài được duyệt đăng trên trang thông tin điện tử của đơn vị: 05 tin, bài.',
      '- Duy trì chuyên mục CCHC trên sóng phát thanh: Có.',
    ]);
    // A section that points to the appendix does not repeat its values.
    expect(between('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục).', 'III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC')).toEqual([]);
    expect(between('III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC', 'IV. KIẾN NGHỊ, ĐỀ XUẤT')).toEqual([
      '- Số hồ sơ trễ hạn, quá hạn trên phần mềm một cửa điện tử: cấp huyện: 250 hồ sơ; cấp xã: 183 hồ sơ.',
    ]);
  });

  it("renders the given prose verbatim, without the section's values", () => {
    const body = allText(doc);
    expect(body).toContain('Đã trao giấy khen cho 06 tập thể và 21 cá nhân.');
    // direction has prose: its values (awards) print in the appendix only.
    const texts = paragraphs(doc).map((p) => p.text);
    const direction = texts.slice(texts.indexOf('1. Công tác chỉ đạo, điều hành CCHC') + 1, texts.indexOf('2. Công tác kiểm tra'));
    expect(direction.join('\n')).not.toContain('Số tập thể được khen thưởng');
    expect(direction).toHaveLength(2);
  });

  it("prints documents, events and values of a section without prose as dash items, in the form's block order", async () => {
    const dataOnly = parse({
      ...full,
      sections: {
        ...full.sections,
        direction: {
          documents: [
            {
              kind: 'Kế hoạch',
              number: '217/KH-UBND',
              date: '2020-12-22',
              subject: 'về cải cách hành chính huyện Hồng Ngự năm 2021',
              lead: 'Thực hiện',
            },
            { kind: 'Công văn', number: '126/UBND-HC', date: '2021-01-28' },
          ],
          events: [
            { date: '2021-04-28', title: 'Hội nghị công bố kết quả đánh giá Chỉ số CCHC năm 2020' },
            { date: '2021-03-02', title: 'Ban hành Quy chế làm việc', description: 'Áp dụng từ quý II' },
          ],
        },
      },
    });
    const texts = paragraphs((await open(await build(dataOnly))).document).map((p) => p.text);
    const after = texts.slice(texts.indexOf('1. Công tác chỉ đạo, điều hành CCHC') + 1, texts.indexOf('2. Công tác kiểm tra'));
    expect(after).toEqual([
      '- Thực hiện Kế hoạch số 217/KH-UBND ngày 22/12/2020 về cải cách hành chính huyện Hồng Ngự năm 2021.',
      '- Công văn số 126/UBND-HC ngày 28/01/2021.',
      '- Ngày 28/04/2021: Hội nghị công bố kết quả đánh giá Chỉ số CCHC năm 2020.',
      '- Ngày 02/03/2021: Ban hành Quy chế làm việc. Áp dụng từ quý II.',
      '- Số tập thể được khen thưởng về CCHC: 06 tập thể.',
      '- Số cá nhân được khen thưởng về CCHC: 21 cá nhân.',
    ]);
  });

  it('tabulates every value in the appendix (Phụ lục) at the end, on a page of its own', () => {
    const tables = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(3); // header, signature, appendix
    const appendix = tables[2]!;
    expect(doc.indexOf(appendix)).toBeGreaterThan(doc.indexOf('Nơi nhận:'));
    expect(para(doc, 'PHỤ LỤC').xml).toContain('<w:pageBreakBefore/>');
    para(doc, 'Số liệu kết quả thực hiện cải cách hành chính 06 tháng đầu năm 2021');
    const rows = appendix
      .split('<w:tr>')
      .slice(1)
      .map((r) => paragraphs(r).map((p) => p.text));
    expect(rows[0]).toEqual(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kết quả']);
    expect(rows).toContainEqual(['1', 'Số cơ quan, đơn vị đã được kiểm tra CCHC', 'đơn vị', '10 (xã, thị trấn)']);
    const received = rows.findIndex((r) => r[1] === 'Số hồ sơ thủ tục hành chính tiếp nhận');
    expect(rows.slice(received, received + 3)).toEqual([
      ['1', 'Số hồ sơ thủ tục hành chính tiếp nhận', 'hồ sơ', ''],
      ['', '- Cấp huyện', 'hồ sơ', '1.234'],
      ['', '- Cấp xã', 'hồ sơ', '3.456'],
    ]);
    const late = rows.findIndex((r) => r[1] === 'Số hồ sơ trễ hạn, quá hạn trên phần mềm một cửa điện tử');
    expect(rows.slice(late + 1, late + 5)).toEqual([
      ['', '- Cấp huyện', 'hồ sơ', '250'],
      ['', '+ Đất đai', 'hồ sơ', '228'],
      ['', '- Cấp xã', 'hồ sơ', '183'],
      ['', '+ Xã Long Thuận', 'hồ sơ', '129'],
    ]);
    // A level without a value is absent, never an invented zero.
    const pending = rows.findIndex((r) => r[1] === 'Số hồ sơ đang giải quyết');
    expect(rows[pending + 2]?.[1]).not.toBe('- Cấp xã');
    expect(appendix).toMatch(/<w:tblBorders><w:top w:val="single"/);
  });

  it('numbers recommendations and next tasks', () => {
    para(doc, '1. Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC;');
    para(doc, '2. Nâng cấp phần mềm một cửa điện tử.');
    para(doc, '1. Tiếp tục triển khai những nhiệm vụ theo Kế hoạch CCHC năm 2021 của Huyện;');
    para(doc, '2. Tăng cường tuyên truyền dịch vụ công trực tuyến;');
    para(doc, '3. Sơ kết công tác cải cách hành chính 06 tháng đầu năm 2021 trên địa bàn Huyện.');
    para(doc, 'Kính chuyển Sở Nội vụ nắm, tổng hợp./.');
  });

  it('writes "Không." for empty sections, and no appendix note nor appendix when nothing is attached', async () => {
    const m = await open(await build(minimal, ctx, plainFacts));
    const texts = paragraphs(m.document).map((p) => p.text);
    expect(texts).toContain('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: Không.');
    expect(texts).toContain('III. NHỮNG KHÓ KHĂN, VƯỚNG MẮC: Không.');
    expect(texts).toContain('IV. KIẾN NGHỊ, ĐỀ XUẤT: Không.');
    // Sub-sections that are not inline print their heading, then "Không.".
    const i = texts.indexOf('2. Công tác kiểm tra');
    expect(texts[i + 1]).toBe('Không.');
    expect(texts).toContain('1. Tiếp tục triển khai Kế hoạch CCHC.');
    expect(allText(m.document)).not.toContain('Đính kèm Phụ lục');
    expect(allText(m.document)).not.toContain('PHỤ LỤC');
    expect(m.document).not.toContain('<w:footnoteReference');
    expect(m.document.match(/<w:tbl>/g)).toHaveLength(2);
    expect(m.document.slice(m.document.lastIndexOf('</w:tbl>'))).not.toMatch(/<w:t[\s>]/);
  });

  it('keeps the closing line and the signature block on one page', () => {
    const closing = para(doc, 'Kính chuyển Sở Nội vụ nắm, tổng hợp./.');
    expect(closing.xml).toContain('<w:keepNext/>');
    const ps = paragraphs(doc);
    const blank = ps[ps.findIndex((p) => p.text === closing.text) + 1]!;
    expect(blank.text).toBe('');
    expect(blank.xml).toContain('<w:keepNext/>');
    const sig = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Nơi nhận:'))!;
    expect(sig).toContain('<w:cantSplit/>');
    expect(doc.indexOf(sig)).toBeGreaterThan(doc.indexOf(blank.xml));
  });

  it('ends with "Nơi nhận:" bottom left and the signature bottom right', () => {
    const tables = [...doc.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    const sig = tables.find((t) => t.includes('Nơi nhận:'))!;
    // Nothing but the appendix after the signature block.
    expect(doc.slice(doc.indexOf(sig) + sig.length, doc.indexOf('<w:pageBreakBefore/>'))).not.toMatch(/<w:t[\s>]/);
    expect(/<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(sig)![1]!.match(/w:val="none"/g)).toHaveLength(6);
    const [left, right] = sig.split('<w:tc>').slice(1) as [string, string];
    const label = para(left, 'Nơi nhận:');
    expectRuns(label.xml, { size: 24, bold: true, italics: true });
    const lines = paragraphs(left).slice(1);
    expect(lines.map((p) => p.text)).toEqual(['- Như trên;', '- Các PCT/UBND Huyện;', '- UBND các xã, thị trấn;', '- Lưu: VT.']);
    for (const l of lines) expectRuns(l.xml, { size: 22 });

    const rps = paragraphs(right);
    expect(rps[0]!.text).toBe('TM. ỦY BAN NHÂN DÂN');
    expect(rps[1]!.text).toBe('CHỦ TỊCH');
    expect(rps.at(-1)!.text).toBe('Nguyễn Văn Khơi');
    for (const p of [rps[0]!, rps[1]!, rps.at(-1)!]) {
      expect(isCentred(p.xml)).toBe(true);
      for (const r of textRuns(p.xml)) {
        expect(r).toMatch(/<w:b\/>/);
        expect(r).toMatch(/<w:sz w:val="2[68]"\/>/);
      }
    }
    // Room for the signature and the seal.
    expect(rps.slice(2, -1).filter((p) => p.text === '').length).toBeGreaterThanOrEqual(4);
  });

  it('keeps an already punctuated last distribution line as written', async () => {
    const m = await open(await build(minimal, ctx, plainFacts));
    para(m.document, '- Lưu: VT.(TA)');
  });

  it('numbers pages from page 2, centred at the top', () => {
    const sect = /<w:sectPr>[\s\S]*?<\/w:sectPr>/.exec(doc)![0];
    expect(sect).toContain('<w:titlePg/>');
    expect(Object.keys(parts.headers).sort()).toEqual(['default', 'first']);
    const first = parts.headers.first!;
    expect(allText(first).trim()).toBe('');
    expect(first).not.toMatch(/PAGE|fldChar|fldSimple/);
    const def = parts.headers.default!;
    expect(def).toMatch(/<w:instrText xml:space="preserve">\s*PAGE\s*<\/w:instrText>/);
    expect(def).toMatch(/<w:fldChar w:fldCharType="begin"\/>/);
    expect(isCentred(paragraphs(def)[0]!.xml)).toBe(true);
  });

  it('does not render warnings or raw data', () => {
    const body = allText(doc) + allText(parts.footnotes);
    expect(body).not.toMatch(/warning|undefined|null|NaN|\[object/i);
  });
});

describe('buildReportDocx: determinism', () => {
  afterEach(() => vi.useRealTimers());

  it('gives byte-identical output for the same input, whatever the clock says', async () => {
    const a = await build(report);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2033-03-03T13:37:42Z'));
    const b = await build(report);
    expect(b.equals(a)).toBe(true);
    const core = (await open(a)).core;
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2021-02-05T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2021-02-05T00:00:00Z</dcterms:modified>');
    expect(core).toContain('<cp:revision>1</cp:revision>');
    // The zip entries carry the document's date, not the build's.
    const zip = await JSZip.loadAsync(a);
    for (const f of Object.values(zip.files)) {
      const d = f.date;
      expect([d.getFullYear(), d.getMonth() + 1]).toEqual([2021, 2]);
    }
  });

  it('an amended report differs from v1 only where the data differs', async () => {
    const v1 = await open(await build(report));
    const amended = parse({ ...full, values: { ...full.values, INSPECTED_UNITS: { value: 11, qualifier: 'xã, thị trấn' } } });
    const v2 = await open(await build(amended, { ...ctx, version: 2 }));
    const p1 = paragraphs(v1.document).map((p) => p.text);
    const p2 = paragraphs(v2.document).map((p) => p.text);
    expect(p2).toHaveLength(p1.length);
    const changed = p1.flatMap((t, i) => (t === p2[i] ? [] : [[t, p2[i]]]));
    // The value line of section I.2 and its appendix cell.
    expect(changed).toHaveLength(2);
    expect(changed[0]![0]).toBe('- Số cơ quan, đơn vị đã được kiểm tra CCHC: 10 xã, thị trấn.');
    expect(changed[0]![1]).toBe('- Số cơ quan, đơn vị đã được kiểm tra CCHC: 11 xã, thị trấn.');
    expect(changed[1]).toEqual(['10 (xã, thị trấn)', '11 (xã, thị trấn)']);
    expect(v2.document.replace('CCHC: 11 xã', 'CCHC: 10 xã').replace('>11 (xã', '>10 (xã')).toBe(v1.document);
    expect(v2.footnotes).toBe(v1.footnotes);
    expect(v2.styles).toBe(v1.styles);
    expect(v2.core).toContain('<cp:revision>2</cp:revision>');
  });
});

// ---------------------------------------------------------------------------
// The seed's data (data/examples/870-2021-H1.json), when it is in the tree.

const examplePath = fileURLToPath(new URL('../../data/examples/870-2021-H1.json', import.meta.url));

describe.runIf(existsSync(examplePath))('buildReportDocx: the seed report (870, 2021-H1)', async () => {
  const example = parse(JSON.parse(readFileSync(examplePath, 'utf8')));
  const parts = await open(await build(example, ctx, plainFacts));
  const body = allText(parts.document);
  const notes = allText(parts.footnotes);
  const both = `${body}\n${notes}`;
  const sec = (id: string) => example.sections[id] ?? {};
  const proseSections = ['direction', 'inspection', 'communication', 'results', 'difficulties'].map((id) => sec(id).paragraphs ?? []);

  const footnoteDocs = proseSections
    .flat()
    .flatMap((p) => (typeof p === 'string' ? [] : p))
    .flatMap((part) => (typeof part === 'string' ? [] : part.footnote.documents));

  it('contains every document number', () => {
    const docs = [...example.legalBasis, ...(sec('direction').documents ?? []), ...(sec('inspection').documents ?? []), ...footnoteDocs];
    expect(docs.length).toBeGreaterThan(10);
    for (const d of docs) expect(both, d.number).toContain(d.number);
  });

  it('keeps footnote documents in footnotes.xml, not in document.xml', () => {
    const prose = [
      example.introduction ?? '',
      ...proseSections.flat().flatMap((p) => (typeof p === 'string' ? [p] : p.filter((x): x is string => typeof x === 'string'))),
    ].join('\n');
    expect(parts.document.match(/<w:footnoteReference /g)?.length).toBeGreaterThan(0);
    for (const d of footnoteDocs) {
      expect(notes, d.number).toContain(`${d.kind} số ${d.number}`);
      if (!prose.includes(d.number)) expect(body, d.number).not.toContain(d.number);
    }
  });

  it('contains every number, next task, distribution line and the signer', () => {
    const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
    const v = example.values;
    const late = v.LATE_DOSSIERS!.levels!;
    const counts = [
      v.AWARDS_COLLECTIVES?.value,
      v.AWARDS_INDIVIDUALS?.value,
      v.INSPECTED_UNITS?.value,
      v.PLANNED_INSPECTIONS?.value,
      v.PROVINCIAL_PORTAL_ARTICLES?.value,
      v.UNIT_PORTAL_ARTICLES?.value,
      ...Object.values(late).flatMap((l) => [
        l!.value,
        ...Object.values(l!.breakdown ?? {})
          .flat()
          .map((r) => r.value),
      ]),
    ].filter((n): n is number => typeof n === 'number');
    expect(counts.length).toBeGreaterThan(5);
    for (const n of counts) expect(body, String(n)).toMatch(new RegExp(`(^|\\D)${pad(n)}(\\D|$)`));
    for (const t of sec('nextTasks').items ?? []) expect(body).toContain(t);
    expect(body).toContain(`V. PHƯƠNG HƯỚNG, NHIỆM VỤ ${nextPeriodLabel(parsePeriod('2021-H1')!).toLocaleUpperCase('vi-VN')}`);
    for (const d of example.distribution) expect(body).toContain(`- ${d}`);
    expect(body).toContain(example.signature.name);
    expect(body).toContain(example.header.summary!);
    if (example.closing) expect(body).toContain(example.closing);
  });

  it('reads like the seed', () => {
    const texts = paragraphs(parts.document).map((p) => p.text);
    expect(texts).toContain('Kính gửi: Sở Nội vụ');
    expect(texts).toContain('II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục).');
    expect(texts).toContain('IV. KIẾN NGHỊ, ĐỀ XUẤT: Không.');
    expect(texts).toContain('V. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ III NĂM 2021');
    expect(texts).toContain('- Như trên;');
    expect(texts).toContain('- Lưu: VT.(TA)');
    expect(texts.find((t) => t.startsWith('Hồng Ngự, ngày'))).toMatch(/^Hồng Ngự, ngày {3,}tháng 6 năm 2021$/);
    expect(notes).toContain(
      'Kế hoạch số 87/KH-UBND ngày 24/03/2021 của UBND Huyện về duy trì và cải thiện chỉ số cải cách hành chính huyện Hồng Ngự năm 2021; Công văn số 368/UBND-HC ngày 22/03/2021 về khắc phục những hạn chế qua kết quả công bố chỉ số cải cách hành chính 2020.',
    );
    // The attached appendix is really attached: a table after the signature, with the late dossiers by field.
    expect(texts).toContain('PHỤ LỤC');
    expect(texts.indexOf('PHỤ LỤC')).toBeGreaterThan(texts.indexOf('Nguyễn Văn Khơi'));
    expect(texts).toContain('+ Đất đai');
  });
});

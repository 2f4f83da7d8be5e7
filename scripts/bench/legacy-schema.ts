/**
 * BENCH BASELINE ONLY (scripts/bench/forms.ts): the report schema as it was when the
 * seed's outline was hard-coded, kept to compare validation times with the schema now
 * built from the form. Nothing else imports it.
 *
 * The shape mirrored the official report section by section: a header,
 * I.1 direction, I.2 inspection, I.3 communication, II results (appendix),
 * III difficulties (with late dossiers as data), IV recommendations, V next tasks,
 * distribution list and signature. Prose stays prose (officials write it); every
 * fact that is counted or checked also has a structured field.
 */
import * as z from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

extendZodWithOpenApi(z);

/** Upper bound for any count: no unit has a million late dossiers. */
export const MAX_COUNT = 100_000;

const normalise = (s: string) => s.normalize('NFC').trim();

/** Vietnamese text: NFC-normalised, trimmed, bounded, no control characters. */
export const text = (max: number) =>
  z
    .string()
    .transform(normalise)
    .pipe(
      z
        .string()
        .max(max)
        // Lone surrogates cannot be encoded as UTF-8; control characters break Word, and
        // so do U+FFFE/U+FFFF (not XML 1.0 characters: the .docx would not open).
        .refine((s) => s.isWellFormed(), { message: 'invalid_utf8' })
        .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/.test(s), {
          message: 'control_character',
        }),
    );

export const requiredText = (max: number) => text(max).pipe(z.string().min(1));

export const count = z.number().int().min(0).max(MAX_COUNT).openapi({ example: 10 });

/** ISO calendar date (YYYY-MM-DD) that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'invalid_date' },
  )
  .openapi({ example: '2020-12-05', format: 'date' });

/** A reference to a legal or administrative document (văn bản). */
export const DocumentRef = z
  .strictObject({
    /** Kế hoạch, Công văn, Nghị định, Quyết định, Thông tư, Chỉ thị, ... */
    kind: requiredText(60),
    /** Number and symbol as issued: "285/KH-UBND", "130/2005/NĐ-CP". */
    number: requiredText(80),
    /** Date of issue, if the report gives one. */
    date: isoDate.optional(),
    /** "Ủy ban nhân dân Tỉnh", "Sở Nội vụ", "Chính phủ". */
    issuer: text(200).optional(),
    /** The subject as written: "về cải cách hành chính huyện Hồng Ngự năm 2021". */
    subject: text(1000).optional(),
    /** Words the report puts before the reference: "Tiếp tục thực hiện". */
    lead: text(200).optional(),
  })
  .openapi('DocumentRef');
export type DocumentRef = z.infer<typeof DocumentRef>;

/** A footnote whose content is a list of documents (the seed's ¹ and ²), or free text. */
export const Footnote = z
  .strictObject({
    documents: z.array(DocumentRef).max(200).default([]),
    text: text(4000).optional(),
  })
  .openapi('Footnote');
export type Footnote = z.infer<typeof Footnote>;

/** A paragraph: plain text, or runs of text with footnotes anchored between them. */
export const Paragraph = z
  .union([
    requiredText(8000),
    z
      .array(z.union([text(8000), z.strictObject({ footnote: Footnote })]))
      .min(1)
      .max(50),
  ])
  .openapi('Paragraph', {
    description: 'Plain text, or an array of text runs and {"footnote": {...}} anchors.',
  });
export type Paragraph = z.infer<typeof Paragraph>;

const paragraphs = z.array(Paragraph).max(100).default([]);

export const Event = z
  .strictObject({
    date: isoDate,
    title: requiredText(1000),
    description: text(4000).optional(),
  })
  .openapi('Event');

export const Awards = z
  .strictObject({
    collectives: count,
    individuals: count,
    reason: text(2000).optional(),
  })
  .openapi('Awards');

export const UnitsCount = z
  .strictObject({
    count,
    /** What was (or will be) inspected: "xã, thị trấn", "cơ quan chuyên môn". */
    unitKind: text(200).optional(),
  })
  .openapi('UnitsCount');

/** Levels at which dossiers are handled. Labels come from the unit registry. */
export const DossierLevel = z.enum(['unit', 'commune']).openapi('DossierLevel', {
  description: '"unit": the reporting unit\'s own one-stop shop (cấp huyện/sở); "commune": its communes.',
});
export type DossierLevel = z.infer<typeof DossierLevel>;

export const FieldCount = z.strictObject({ field: requiredText(200), count }).openapi('FieldCount');
export const UnitCount = z
  .strictObject({
    unitName: requiredText(200),
    /** National statistics code of the sub-unit, where known. */
    unitCode: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
    count,
  })
  .openapi('UnitCount');

export const LateDossiers = z
  .strictObject({
    level: DossierLevel,
    total: count,
    byField: z.array(FieldCount).max(200).default([]),
    byUnit: z.array(UnitCount).max(500).default([]),
  })
  .openapi('LateDossiers');
export type LateDossiers = z.infer<typeof LateDossiers>;

export const DossierResults = z
  .strictObject({
    level: DossierLevel,
    received: count.optional(),
    resolvedOnTime: count.optional(),
    resolvedLate: count.optional(),
    pending: count.optional(),
    overdue: count.optional(),
  })
  .openapi('DossierResults');

/** Online public services, in Decree 42/2022/NĐ-CP wording (toàn trình / một phần). */
export const OnlineServices = z
  .strictObject({
    fullOnline: count.optional(),
    partialOnline: count.optional(),
    dossiersOnline: count.optional(),
  })
  .openapi('OnlineServices');

const HeaderDate = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    month: z.number().int().min(1).max(12),
    /** Blank until signed, as in the seed ("ngày   tháng 6 năm 2021"). */
    day: z.number().int().min(1).max(31).nullable().default(null),
  })
  .openapi('HeaderDate');

export const Header = z
  .strictObject({
    /** "UBND TỈNH ĐỒNG THÁP" where the authority has a parent line; blank for UBND. */
    parentAuthority: text(200).optional(),
    issuingAuthority: requiredText(200),
    /** Blank until issued ("Số: /BC-UBND"). */
    number: text(20).default(''),
    symbol: requiredText(60),
    place: requiredText(100),
    date: HeaderDate,
    summary: requiredText(500),
    recipients: z.array(requiredText(200)).min(1).max(20),
  })
  .openapi('Header');

export const Signature = z
  .strictObject({
    /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH". */
    capacity: text(200).optional(),
    title: requiredText(200),
    name: requiredText(200),
  })
  .openapi('Signature');

export const ReportContent = z
  .strictObject({
    header: Header,
    /** The plans and letters the report answers. */
    legalBasis: z.array(DocumentRef).max(50).default([]),
    /** The opening paragraph as written; composed from legalBasis when absent. */
    introduction: text(8000).optional(),
    direction: z
      .strictObject({
        paragraphs,
        /** Documents issued or cited in the narrative (footnote lists sit in the paragraphs). */
        documents: z.array(DocumentRef).max(500).default([]),
        events: z.array(Event).max(100).default([]),
        awards: Awards.optional(),
      })
      .openapi('Direction'),
    inspection: z
      .strictObject({
        plan: DocumentRef.optional(),
        paragraphs,
        inspected: UnitsCount.optional(),
        planned: UnitsCount.optional(),
      })
      .openapi('Inspection'),
    communication: z
      .strictObject({
        paragraphs,
        provincialPortalArticles: count.optional(),
        unitPortalArticles: count.optional(),
        radioColumn: z.boolean().optional(),
      })
      .openapi('Communication'),
    results: z
      .strictObject({
        /** "Đính kèm Phụ lục": the quantitative appendix is attached, not quoted. */
        appendixAttached: z.boolean().default(false),
        paragraphs,
        dossiers: z.array(DossierResults).max(10).default([]),
        onlineServices: OnlineServices.optional(),
      })
      .default({ appendixAttached: false, paragraphs: [], dossiers: [] })
      .openapi('Results'),
    difficulties: z
      .strictObject({
        paragraphs,
        lateDossiers: z.array(LateDossiers).max(10).default([]),
      })
      .openapi('Difficulties'),
    /** Empty means "Không". */
    recommendations: z.array(requiredText(4000)).max(100).default([]),
    nextTasks: z
      .strictObject({
        /** "Quý III năm 2021". */
        periodLabel: requiredText(100),
        items: z.array(requiredText(4000)).max(100),
      })
      .openapi('NextTasks'),
    /** "Kính chuyển Sở Nội vụ nắm, tổng hợp./." */
    closing: text(1000).optional(),
    distribution: z.array(requiredText(300)).max(50),
    signature: Signature,
  })
  .openapi('ReportContent');

export type ReportContent = z.infer<typeof ReportContent>;
export type ReportInput = z.input<typeof ReportContent>;

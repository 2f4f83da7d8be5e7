/**
 * The building blocks of every report body, whatever its form: Vietnamese text (NFC,
 * trimmed, bounded, no control characters), counts, real dates, document references,
 * footnotes, paragraphs and events. shared/forms/report-schema.ts assembles a form's
 * body schema from them. Pure: the browser editor uses them too.
 */
import * as z from 'zod';
import '../http/zod-openapi.ts';

/** Upper bound for any count: no unit has a million late dossiers. */
export const MAX_COUNT = 100_000;

/**
 * Unicode format characters (general category Cf: zero-width spaces and joiners, the
 * word joiner, the byte-order mark, soft hyphens, bidi embeddings, overrides and
 * isolates) are invisible: they are stripped before NFC, the trim, the empty check and
 * the content hash, so two invisible characters are not an answer and a version that
 * looks the same is the same (docs/decisions/0801-unicode-format-characters.md).
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
export const stripFormatCharacters = (s: string) => s.replace(FORMAT_CHARACTERS, '');

const normalise = (s: string) => stripFormatCharacters(s).normalize('NFC').trim();

/** Vietnamese text: format characters stripped, NFC-normalised, trimmed, bounded, no control characters. */
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

export const Event = z
  .strictObject({
    date: isoDate,
    title: requiredText(1000),
    description: text(4000).optional(),
  })
  .openapi('Event');

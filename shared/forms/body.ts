/**
 * The shape of a report body filled against a form (the v1 PUT body). The zod schema
 * for one form is built from its FormDef (shared/forms/report-schema.ts), and its
 * z.infer must equal these types; they are written out here so the web editor, the
 * document builder and the rollup share one description.
 *
 * What the server already knows is not asked for: the unit's name, its parent
 * authority and the place come from the registry; the period label from the period.
 * A body may repeat them (`header.issuingAuthority`, `header.place`, `header.summary`),
 * and is refused when they contradict the server's.
 */

/** A document reference (văn bản). */
export interface DocumentRefBody {
  kind: string; // Kế hoạch, Công văn, Nghị định, Quyết định ...
  number: string; // "285/KH-UBND"
  date?: string; // ISO date
  issuer?: string;
  subject?: string;
  lead?: string; // words printed before it: "Tiếp tục thực hiện"
}

export interface FootnoteBody {
  documents: DocumentRefBody[];
  text?: string;
}

/** Plain text, or runs of text with footnotes anchored between them. */
export type ParagraphBody = string | (string | { footnote: FootnoteBody })[];

export interface EventBody {
  date: string;
  title: string;
  description?: string;
}

/** One section's content, keyed in `sections` by the section's id; only the form's blocks are allowed. */
export interface SectionBody {
  paragraphs?: ParagraphBody[];
  documents?: DocumentRefBody[];
  events?: EventBody[];
  items?: string[];
}

/** A breakdown row: an option of the form's list (by key), or a sub-unit (by registry code and/or name). */
export type BreakdownRow = { key: string; value: number } | { unit?: string; name: string; value: number };

/** The value of an indicator in one cell (the total, or one level). */
export interface CellBody {
  /** count/percent/decimal: number; boolean: boolean; date: ISO date; text: string; choice: option key. */
  value?: number | boolean | string;
  /** Rows per breakdown id ("field", "commune"). */
  breakdown?: Record<string, BreakdownRow[]>;
}

/** An indicator's value: one cell, or one cell per level when the indicator has a level breakdown. */
export interface ValueBody extends CellBody {
  qualifier?: string; // "xã, thị trấn"
  levels?: Record<string, CellBody>;
}

export interface SignatureBody {
  /** Capacity lines above the title, in order: TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH. */
  lines: { prefix?: 'TM.' | 'KT.' | 'TL.' | 'TUQ.' | 'Q.'; text: string }[];
  title: string; // CHỦ TỊCH, PHÓ CHỦ TỊCH, GIÁM ĐỐC
  name: string;
}

export interface ReportBody {
  form: { id: string; version: number };
  header: {
    number: string; // blank until issued
    symbol: string; // "BC-UBND"
    date: { year: number; month: number; day: number | null };
    recipients: string[]; // "Kính gửi"; empty when the form prints none
    issuingAuthority?: string; // must match the registry when given
    parentAuthority?: string;
    place?: string;
    summary?: string; // must match the form's summary for the period when given
  };
  legalBasis: DocumentRefBody[];
  introduction?: string;
  sections: Record<string, SectionBody>;
  values: Record<string, ValueBody>;
  closing?: string; // "Kính chuyển Sở Nội vụ nắm, tổng hợp./."
  distribution: string[]; // Nơi nhận
  signature: SignatureBody;
}

/**
 * What the "latest" item keeps for the rollup (one Query per province and period, never
 * the full bodies): every indicator value of the report as submitted (ValueBody, so the
 * rollup can total any code by the form's rule), the words of the sections the form marks
 * for compilation, and the warnings (capped, with their count).
 */
export interface FormSummary {
  form: { id: string; version: number };
  values: Record<string, ValueBody>;
  /** Per section marked `compile`: its title as printed and its text (paragraphs and items, footnotes dropped). */
  compiled: { sectionId: string; compileAs: string; title: string; texts: string[] }[];
  warnings: { path: string; code: string; params: Record<string, string | number> }[];
  warningCount: number;
}

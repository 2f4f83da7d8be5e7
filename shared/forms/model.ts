/**
 * The report form (biểu mẫu báo cáo) as data, after DHIS2's data sets: an outline of
 * numbered sections, indicators (data elements) with breakdowns (category combos) and an
 * aggregation rule, and validation rules. A province issues its own form and revises it
 * every year; a revision is a new version and old reports keep the version they were
 * filled against.
 *
 * This module is the contract between the form files (data/forms/*.json), the report
 * checks, the document builder, the rollup and the web editor. It imports no AWS code
 * and runs in the browser too.
 */
import * as z from 'zod';
import { FormId } from './ref.ts';

export { FormId, FormRef } from './ref.ts';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const label = (max = 300) => z.string().trim().min(1).max(max);

/** Stable identifiers: form ids are slugs (ref.ts), section ids and option keys camel/snake, indicator codes upper snake. */
export const SectionId = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,62}$/);
export const IndicatorCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/);
export const OptionKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/);

/** Unit tiers a form can apply to (the registry's unit kinds that report). */
export const Tier = z.enum(['province', 'district', 'commune', 'department']);
export type Tier = z.infer<typeof Tier>;

/** Period kinds: quarters, six months (H1), nine months (9M), the year (Y). */
export const PeriodKindId = z.enum(['Q1', 'Q2', 'Q3', 'Q4', 'H1', '9M', 'Y']);

/**
 * How a heading is numbered. Numbers restart in each parent; "decimal" prints the
 * parent's number too (1.1, 1.2), as city reports do under an arabic parent.
 */
export const Numbering = z.enum(['upper-roman', 'arabic', 'decimal', 'lower-alpha', 'dash', 'plus', 'none']);
export type Numbering = z.infer<typeof Numbering>;

/** What a section's body may hold, in the order the document prints it. */
export const Block = z.enum([
  /** Prose paragraphs; a paragraph may carry footnotes (document lists or text). */
  'paragraphs',
  /** A list of document references (loại, số ký hiệu, ngày, cơ quan ban hành, trích yếu). */
  'documents',
  /** Dated events (conferences, dialogues). */
  'events',
  /** A list of short items (tasks, proposals), printed with `itemNumbering`. */
  'items',
]);
export type Block = z.infer<typeof Block>;

/** Sections whose words the provincial rollup compiles into its annex, per unit. */
export const CompileAs = z.enum(['strengths', 'weaknesses', 'causes', 'difficulties', 'recommendations', 'proposals', 'lessons']);
export type CompileAs = z.infer<typeof CompileAs>;

export interface SectionDef {
  id: string;
  numbering: Numbering;
  title: string;
  blocks: Block[];
  itemNumbering?: Numbering | undefined;
  indicators: string[];
  emptyText?: string | undefined;
  inline: boolean;
  required: boolean;
  compile?: CompileAs | undefined;
  appendixNote: boolean;
  hint?: string | undefined;
  children: SectionDef[];
}

export const SectionDef: z.ZodType<SectionDef, z.input<z.ZodTypeAny>> = z.lazy(() =>
  z.strictObject({
    id: SectionId,
    numbering: Numbering,
    /**
     * As printed; level-1 headings are printed in capitals by the document builder.
     * "{period}" becomes the period's label, "{nextPeriod}" the next period's ("Quý III năm 2021").
     */
    title: label(300),
    blocks: z.array(Block).max(4).default([]),
    /** How `items` are numbered (default: dash). */
    itemNumbering: Numbering.optional(),
    /** Indicator codes entered in this section, in order (the editor's fields; the appendix groups by section). */
    indicators: z.array(IndicatorCode).max(200).default([]),
    /** Printed when the section and all its children are empty (default "Không."). */
    emptyText: label(200).optional(),
    /** Print the content on the heading's line ("IV. KIẾN NGHỊ, ĐỀ XUẤT: Không."). */
    inline: z.boolean().default(false),
    /** The unit must write something here (an error when empty). */
    required: z.boolean().default(false),
    compile: CompileAs.optional(),
    /**
     * The section points to the appendix: when the appendix table is printed, the heading reads
     * "II. KẾT QUẢ CHỦ YẾU ĐẠT ĐƯỢC: (Đính kèm Phụ lục)." (never when nothing is attached).
     */
    appendixNote: z.boolean().default(false),
    /** Guidance shown to the unit in the editor (not printed). */
    hint: z.string().max(1000).optional(),
    children: z.array(SectionDef).max(50).default([]),
  }),
);

/** A closed list of choices (lĩnh vực, loại hình), with stable keys. */
export const OptionList = z.strictObject({
  id: OptionKey,
  label: label(200),
  options: z
    .array(z.strictObject({ key: OptionKey, label: label(200) }))
    .min(1)
    .max(500),
});
export type OptionList = z.infer<typeof OptionList>;

/**
 * A breakdown (DHIS2's category) of an indicator's value:
 * - level: by dossier level, each level its own cell (cấp huyện / cấp xã; cấp tỉnh / cấp xã);
 *   a level the reporting unit's tier lacks is absent, never zero;
 * - list: rows keyed by an option of one of the form's option lists (by field, lĩnh vực);
 * - subunit: rows naming units under the reporting unit in the registry (by commune).
 */
export const Breakdown = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('level'),
    levels: z
      .array(z.strictObject({ key: OptionKey, label: label(100), tiers: z.array(Tier).min(1).optional() }))
      .min(1)
      .max(10),
  }),
  z.strictObject({ kind: z.literal('list'), id: OptionKey, label: label(100), list: OptionKey, levels: z.array(OptionKey).optional() }),
  z.strictObject({ kind: z.literal('subunit'), id: OptionKey, label: label(100), levels: z.array(OptionKey).optional() }),
]);
export type Breakdown = z.infer<typeof Breakdown>;

export const IndicatorType = z.enum(['count', 'percent', 'decimal', 'boolean', 'date', 'text', 'choice']);
export type IndicatorType = z.infer<typeof IndicatorType>;

/** How the rollup totals an indicator across units. */
export const Aggregation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['sum', 'countYes', 'min', 'max', 'none']) }),
  /** 100 × Σ numerator / Σ denominator (a percent recomputed from its parts). */
  z.strictObject({ kind: z.literal('ratio'), numerator: IndicatorCode, denominator: IndicatorCode }),
]);
export type Aggregation = z.infer<typeof Aggregation>;

export const IndicatorDef = z.strictObject({
  code: IndicatorCode,
  label: label(300),
  /** Short label for table headers and charts. */
  shortLabel: label(80).optional(),
  type: IndicatorType,
  /** Unit of measure as printed: "hồ sơ", "đơn vị", "%", "cuộc". */
  unit: z.string().max(40).optional(),
  /** For `choice`: the option list. */
  list: OptionKey.optional(),
  /** The value may carry a qualifier in words: 10 "xã, thị trấn"; 12 "cơ quan chuyên môn". */
  qualifier: z.strictObject({ label: label(100) }).optional(),
  /** At most one `level` breakdown, first; list and subunit breakdowns apply within each level. */
  breakdowns: z.array(Breakdown).max(4).default([]),
  aggregate: Aggregation,
  /** Guidance for the editor. */
  hint: z.string().max(1000).optional(),
});
export type IndicatorDef = z.infer<typeof IndicatorDef>;

/**
 * Validation rules (DHIS2's validation rules, for the shapes CCHC appendices use). The
 * message comes from the rule kind and the indicators' labels; `severity` says whether
 * the report is refused (error) or stored with a warning.
 */
const ruleBase = { id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/), severity: z.enum(['error', 'warning']).default('error') };
export const RuleDef = z.discriminatedUnion('kind', [
  /** The indicator must have a value (per level when it has levels). */
  z.strictObject({ ...ruleBase, kind: z.literal('required'), indicator: IndicatorCode }),
  z.strictObject({
    ...ruleBase,
    kind: z.literal('range'),
    indicator: IndicatorCode,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  /** Σ parts ≤ whole, level by level when both have the same levels (resolved on time + late + pending ≤ received). */
  z.strictObject({ ...ruleBase, kind: z.literal('partOfWhole'), parts: z.array(IndicatorCode).min(1).max(20), whole: IndicatorCode }),
  /** Each breakdown row ≤ its total, and the rows' sum ≤ the total (by field, by commune). */
  z.strictObject({ ...ruleBase, kind: z.literal('breakdownSum'), indicator: IndicatorCode, breakdown: OptionKey }),
  /** A percent must equal 100 × numerator / denominator within the tolerance (23/39 = 58,97 %). */
  z.strictObject({
    ...ruleBase,
    kind: z.literal('ratio'),
    indicator: IndicatorCode,
    numerator: IndicatorCode,
    denominator: IndicatorCode,
    tolerance: z.number().min(0).max(5).default(0.01),
  }),
  /** A warning when a value is far from the unit's own previous period (×factor, with a real gap). */
  z.strictObject({
    ...ruleBase,
    kind: z.literal('outlier'),
    indicator: IndicatorCode,
    factor: z.number().min(1.5).max(100).default(5),
    minGap: z.number().min(0).default(50),
  }),
]);
export type RuleDef = z.infer<typeof RuleDef>;

/** Where a form applies. The server picks the form from the unit's province, tier and the period. */
export const Applicability = z.strictObject({
  /** Province codes; empty means every province. */
  provinces: z
    .array(z.string().regex(/^\d{2}$/))
    .max(100)
    .default([]),
  tiers: z.array(Tier).min(1),
  periodKinds: z.array(PeriodKindId).min(1),
  /** Compared with the period's cut-off end. */
  validFrom: iso,
  validTo: iso.nullable(),
});

/** How the document's front and back matter are set for this form. */
export const DocumentSettings = z.strictObject({
  /** "Công tác cải cách hành chính {period}"; {period} becomes "06 tháng đầu năm 2021". */
  summaryTemplate: label(300),
  /** "BC-UBND" is the default symbol the editor offers. */
  defaultSymbol: label(60),
  /** The "Kính gửi:" line: required, optional, or not printed (a commune's internal report). */
  recipients: z.enum(['required', 'optional', 'none']).default('required'),
  /** The form's appendix (Phụ lục) title; the appendix table prints when any indicator has a value. */
  appendixTitle: label(300).optional(),
});

export const FormDef = z.strictObject({
  id: FormId,
  version: z.number().int().min(1).max(10_000),
  title: label(300),
  /** What the form is and what it follows (the province's guidance letter; the national outline). */
  description: z.string().max(4000).default(''),
  appliesTo: Applicability,
  document: DocumentSettings,
  lists: z.array(OptionList).max(50).default([]),
  outline: z.array(SectionDef).min(1).max(50),
  indicators: z.array(IndicatorDef).max(500).default([]),
  rules: z.array(RuleDef).max(1000).default([]),
});
export type FormDef = z.infer<typeof FormDef>;
export type FormInput = z.input<typeof FormDef>;

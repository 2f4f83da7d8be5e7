/**
 * The provincial rollup (báo cáo tổng hợp) as data: the shape of `summary.json`, of the
 * status answer and of the HTTP answers. One zod schema per shape: the TypeScript
 * types, the OpenAPI document and the reading of a previous period's summary.
 *
 * Figures are keyed by the indicator codes of the forms the units used (never by names
 * written in code). A value the unit's form does not have is absent, one the unit left
 * empty is null: both print "-", never 0.
 */
import * as z from 'zod';
import '../http/zod-openapi.ts';
import { ProvinceDocumentSettings } from '../province/settings.ts';

export const ROLLUP_FORMAT = 'cchc-rollup/2';

const instant = z.string().openapi({ format: 'date-time', example: '2021-06-15T02:30:00.000Z' });
const code = z.string().openapi({ example: '870' });
const nat = z.number().int().min(0);
const formKey = z.string().openapi({ example: 'nq76-six-areas@1', description: 'Form id and version.' });

export const ReportStatus = z.enum(['on_time', 'late', 'missing']).openapi('ReportStatus', {
  description: "Judged on the receipt time of the first accepted version, against the province's deadline.",
});
export type ReportStatus = z.infer<typeof ReportStatus>;

/** A unit's value of one indicator: the total cell, and its levels (a level the unit's form or tier lacks is absent). */
export const UnitValue = z
  .object({
    value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
    levels: z.record(z.string(), z.number().nullable()).optional(),
    /** What the unit counted, in its words ("xã, thị trấn"). */
    qualifier: z.string().optional(),
  })
  .openapi('RollupUnitValue');
export type UnitValue = z.infer<typeof UnitValue>;

/** What a reporting unit's row carries besides its status: its form and its values by indicator code. */
const unitFigures = {
  form: formKey.nullable(),
  values: z.record(z.string(), UnitValue).openapi({ description: "By indicator code; absent: the unit's form has no such indicator." }),
  warnings: nat.openapi({ description: 'Data-quality checks on this report (details in summary.json `dataQuality`).' }),
};

/** The province's review of a unit's latest version (issue 14): chờ duyệt, đã duyệt, trả lại. */
export const ReviewState = z.enum(['submitted', 'accepted', 'returned']).openapi('ReviewState');
export type ReviewState = z.infer<typeof ReviewState>;

export const StatusUnit = z
  .object({
    code,
    name: z.string(),
    kind: z.string(),
    status: ReportStatus,
    version: z.number().int().nullable(),
    firstReceivedAt: instant.nullable(),
    receivedAt: instant.nullable(),
    review: ReviewState.nullable().openapi({ description: 'null when the unit has not reported.' }),
  })
  .openapi('StatusUnit');
export type StatusUnit = z.infer<typeof StatusUnit>;

export const UnitRow = StatusUnit.extend({
  figures: z.object(unitFigures).nullable(),
  counted: z.boolean().openapi({ description: 'Whether its figures are in the totals (the province may count accepted reports only).' }),
}).openapi('RollupUnit');
export type UnitRow = z.infer<typeof UnitRow>;
export type UnitFigures = NonNullable<UnitRow['figures']>;

export const StatusUnexpected = z
  .object({
    code,
    name: z.string().nullable(),
    reason: z.enum(['unknown_unit', 'not_expected']).openapi({
      description:
        'unknown_unit: not in the registry; not_expected: in the registry but not a reporting unit of this province for this period.',
    }),
    status: z.enum(['on_time', 'late']),
    version: z.number().int(),
    firstReceivedAt: instant,
    receivedAt: instant,
    review: ReviewState,
  })
  .openapi('StatusUnexpectedUnit', { description: 'Reported, but not expected for this period: listed, never counted in the totals.' });
export type StatusUnexpected = z.infer<typeof StatusUnexpected>;

export const UnexpectedUnit = StatusUnexpected.extend({ figures: z.object(unitFigures) }).openapi('RollupUnexpectedUnit');
export type UnexpectedUnit = z.infer<typeof UnexpectedUnit>;

/** How the expected units' latest reports stand in the province's review, and whether unaccepted ones are totalled. */
export const ReviewCounts = z
  .object({
    accepted: nat,
    submitted: nat.openapi({ description: 'Chờ duyệt: received, not yet accepted or returned.' }),
    returned: nat,
    countsUnaccepted: z
      .boolean()
      .openapi({ description: "The province's choice: true (default), unaccepted reports count in the totals, marked as such." }),
  })
  .openapi('RollupReview');
export type ReviewCounts = z.infer<typeof ReviewCounts>;

export const Completeness = z
  .object({ expected: nat, reported: nat, onTime: nat, late: nat, missing: nat, unexpected: nat })
  .openapi('Completeness');
export type Completeness = z.infer<typeof Completeness>;

export const PeriodInfo = z
  .object({
    id: z.string().openapi({ example: '2021-H1' }),
    label: z.string().openapi({ example: '06 tháng đầu năm 2021' }),
    cutoffStart: z.string().openapi({ format: 'date' }),
    cutoffEnd: z.string().openapi({ format: 'date' }),
    deadline: z.string().openapi({ format: 'date', description: 'Last day (Asia/Ho_Chi_Minh) a first submission is on time.' }),
  })
  .openapi('PeriodInfo');

/** Which reporting units a total covers: `units` of the `of` units that reported; the others by code. */
export const Coverage = z
  .object({
    units: nat,
    of: nat,
    notCovered: z.array(code).openapi({ description: 'Reporting units not in this total: their form lacks it, or they left it empty.' }),
  })
  .openapi('RollupCoverage');
export type Coverage = z.infer<typeof Coverage>;

export const AggregateKind = z.enum(['sum', 'countYes', 'min', 'max', 'ratio', 'none']);
export type AggregateKind = z.infer<typeof AggregateKind>;

export const BreakdownRowTotal = z.object({
  key: z.string(),
  label: z.string(),
  /** For a sub-unit row: its registry code when the unit gave one. */
  subunit: code.nullable(),
  total: z.number(),
  units: z.array(z.object({ code, value: z.number() })),
});
export type BreakdownRowTotal = z.infer<typeof BreakdownRowTotal>;

export const BreakdownTotal = z
  .object({
    id: z.string(),
    label: z.string(),
    kind: z.enum(['list', 'subunit']),
    /** The level the rows were given at (null: the indicator's total cell). */
    level: z.string().nullable(),
    levelLabel: z.string().nullable(),
    rows: z.array(BreakdownRowTotal).openapi({ description: 'Largest total first.' }),
  })
  .openapi('RollupBreakdown');
export type BreakdownTotal = z.infer<typeof BreakdownTotal>;

export const IndicatorTotal = z
  .object({
    code: z.string().openapi({ example: 'TTHC_HS_TRE_HAN' }),
    label: z.string(),
    shortLabel: z.string().nullable(),
    unit: z.string().nullable().openapi({ description: 'Unit of measure as printed ("hồ sơ", "%").' }),
    type: z.string(),
    aggregate: AggregateKind,
    /** The forms (id@version) that define this code among those the units used. */
    forms: z.array(formKey),
    total: z
      .number()
      .nullable()
      .openapi({ description: "By the form's rule; null when no covered unit gives a value, or the rule is none." }),
    coverage: Coverage,
    /** The units' qualifiers of the value ("xã, thị trấn"), most used first. */
    qualifiers: z.array(z.object({ text: z.string(), units: nat })),
    levels: z.array(z.object({ key: z.string(), label: z.string(), total: z.number().nullable(), coverage: Coverage })),
    breakdowns: z.array(BreakdownTotal),
  })
  .openapi('RollupIndicator');
export type IndicatorTotal = z.infer<typeof IndicatorTotal>;

export const FormUse = z
  .object({ form: formKey, id: z.string(), version: z.number().int(), title: z.string().nullable(), units: z.array(code) })
  .openapi('RollupFormUse', {
    description: 'A form (version) the reporting units used; title null when the form is unknown to the service.',
  });

export const AnnexSection = z
  .object({
    compileAs: z.string(),
    label: z.string(),
    entries: z.array(z.object({ unit: code, unitName: z.string(), title: z.string(), texts: z.array(z.string()) })),
  })
  .openapi('RollupAnnexSection', { description: "The units' own words for one kind of section, per unit in unit-code order, verbatim." });
export type AnnexSection = z.infer<typeof AnnexSection>;

export const QualityItem = z
  .object({
    unit: code,
    unitName: z.string(),
    version: z.number().int(),
    field: z.string().openapi({ description: "The field's label as the unit's form names it." }),
    message: z.string().openapi({ description: 'In Vietnamese; code, path and params allow other languages.' }),
    code: z.string(),
    path: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .openapi('RollupQualityItem');
export type QualityItem = z.infer<typeof QualityItem>;

export const MetricChange = z
  .object({ current: z.number().nullable(), previous: z.number().nullable(), delta: z.number().nullable(), percent: z.number().nullable() })
  .openapi('MetricChange');
export type MetricChange = z.infer<typeof MetricChange>;

export const PreviousRollup = z
  .object({
    period: z.string().openapi({ example: '2020-H1' }),
    runId: z.string(),
    asOf: instant.nullable(),
    /** The previous period's expected units, by code. */
    expected: z.array(code),
    completeness: Completeness,
    totals: z.record(z.string(), z.number().nullable()),
  })
  .openapi('PreviousRollup');
export type PreviousRollup = z.infer<typeof PreviousRollup>;

export const Comparison = z
  .object({
    period: z.string(),
    runId: z.string(),
    asOf: instant.nullable(),
    comparable: z
      .boolean()
      .openapi({ description: "false when the two periods' expected units differ (the 2025 reorganisation): no change is given." }),
    note: z.string().nullable(),
    completeness: z.record(z.string(), MetricChange),
    indicators: z.record(z.string(), MetricChange).openapi({ description: 'By indicator code present in both periods.' }),
  })
  .openapi('RollupComparison');
export type Comparison = z.infer<typeof Comparison>;

export const RollupSummary = z
  .object({
    format: z.literal(ROLLUP_FORMAT),
    province: z.object({ code, name: z.string() }),
    period: PeriodInfo,
    asOf: instant.nullable().openapi({
      description:
        'The latest receipt time among the included reports: the data is complete as of this instant. null when nobody reported.',
    }),
    changeSeq: nat.openapi({ description: 'The province-period change counter the rollup was computed from.' }),
    registryVersion: z.string(),
    document: ProvinceDocumentSettings.nullable().openapi({ description: "The province's document settings; null: not configured." }),
    provinceForm: z.object({ form: formKey, title: z.string() }).nullable(),
    completeness: Completeness,
    review: ReviewCounts,
    forms: z.array(FormUse),
    units: z.array(UnitRow).openapi({ description: 'One row per expected unit, by unit code.' }),
    unexpected: z.array(UnexpectedUnit),
    indicators: z.array(IndicatorTotal),
    annex: z.array(AnnexSection),
    comparison: Comparison.nullable().openapi({ description: "Against the previous period's rollup; null without one." }),
    dataQuality: z.object({ count: nat, units: nat, items: z.array(QualityItem) }),
  })
  .openapi('RollupSummary');
export type RollupSummary = z.infer<typeof RollupSummary>;

/** What is read back from a previous period's summary.json (other keys ignored; an older format is no previous). */
export const PreviousSummaryFile = z.object({
  format: z.literal(ROLLUP_FORMAT),
  period: z.object({ id: z.string() }),
  asOf: z.string().nullable(),
  completeness: Completeness,
  units: z.array(z.object({ code: z.string() })),
  indicators: z.array(z.object({ code: z.string(), total: z.number().nullable() })),
});

// ---------------------------------------------------------------------------
// HTTP answers.

export const StatusResponse = z
  .object({
    province: z.object({ code, name: z.string() }),
    period: PeriodInfo,
    asOf: instant.nullable(),
    registryVersion: z.string(),
    counts: Completeness,
    review: ReviewCounts,
    units: z.array(StatusUnit),
    unexpected: z.array(StatusUnexpected),
  })
  .openapi('PeriodStatus');
export type StatusResponse = z.infer<typeof StatusResponse>;

export const RollupFileLink = z
  .object({
    url: z.string().openapi({ description: 'Presigned S3 URL, valid for expiresIn seconds.' }),
    fileName: z.string(),
    contentType: z.string(),
  })
  .openapi('RollupFileLink');

/**
 * What the HTTP answer carries of the summary: counts and the province totals, bounded
 * by the number of indicators, never per unit or per warning (those are in summary.json).
 */
/** Rows per breakdown in the HTTP answer. */
export const DIGEST_TOP_ROWS = 10;

export const RollupDigest = z
  .object({
    province: z.object({ code, name: z.string() }),
    period: PeriodInfo,
    completeness: Completeness,
    review: ReviewCounts,
    forms: z.array(z.object({ form: formKey, title: z.string().nullable(), units: nat })),
    totals: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        unit: z.string().nullable(),
        total: z.number().nullable(),
        units: nat,
        of: nat,
        previous: z.number().nullable().openapi({
          description: "The same code's total in the previous period's rollup; null when there is none or it is not comparable.",
        }),
        breakdowns: z
          .array(
            z.object({
              id: z.string(),
              label: z.string(),
              levelLabel: z.string().nullable(),
              top: z.array(z.object({ label: z.string(), total: z.number() })),
            }),
          )
          .openapi({ description: `Each breakdown's ${DIGEST_TOP_ROWS} largest rows (all rows are in summary.json).` }),
      }),
    ),
    dataQuality: z.object({ count: nat, units: nat }),
    comparison: z.object({ period: z.string(), comparable: z.boolean(), note: z.string().nullable() }).nullable(),
  })
  .openapi('RollupDigest');
export type RollupDigest = z.infer<typeof RollupDigest>;

export const RollupResponse = z
  .object({
    province: z.string(),
    period: z.string(),
    runId: z.string().openapi({ example: '0000000003-1f2e3d4c5b6a' }),
    asOf: instant.nullable(),
    rolledSeq: nat,
    changeSeq: nat,
    stale: z.boolean().openapi({ description: 'Reports changed since this rollup; the next scheduled run (or a POST) refreshes it.' }),
    expiresIn: nat,
    files: z.object({ json: RollupFileLink, csv: RollupFileLink, xlsx: RollupFileLink, docx: RollupFileLink }),
    summary: RollupDigest,
  })
  .openapi('RollupResponse');
export type RollupResponse = z.infer<typeof RollupResponse>;

/**
 * The provincial rollup (báo cáo tổng hợp) as data: the shape of `summary.json`, of the
 * status answer and of the HTTP answers. One zod schema per shape: the TypeScript
 * types, the OpenAPI document and the reading of a previous period's summary.
 */
import * as z from 'zod';
import '../../http/zod-openapi.ts';

export const ROLLUP_FORMAT = 'cchc-rollup/1';

const instant = z.string().openapi({ format: 'date-time', example: '2021-06-15T02:30:00.000Z' });
const code = z.string().openapi({ example: '870' });

export const ReportStatus = z.enum(['on_time', 'late', 'missing']).openapi('ReportStatus', {
  description: 'Judged on the receipt time of the first accepted version, against the province\'s deadline.',
});
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * The headline numbers, one key per metric (null: no included report gives the value).
 * The same keys are compared with the previous period.
 */
export const METRICS = [
  ['reportedUnits', 'Số đơn vị đã gửi báo cáo'],
  ['onTimeUnits', 'Số đơn vị gửi đúng hạn'],
  ['lateUnits', 'Số đơn vị gửi trễ hạn'],
  ['missingUnits', 'Số đơn vị chưa gửi báo cáo'],
  ['inspected', 'Số cơ quan, đơn vị đã được kiểm tra CCHC'],
  ['planned', 'Số cơ quan, đơn vị dự kiến kiểm tra'],
  ['lateDossiers', 'Tổng số hồ sơ trễ hạn'],
  ['lateDossiersUnitLevel', 'Hồ sơ trễ hạn tại đơn vị báo cáo'],
  ['lateDossiersCommuneLevel', 'Hồ sơ trễ hạn cấp xã'],
  ['provincialArticles', 'Tin, bài đăng trên Trang tin CCHC Tỉnh'],
  ['unitArticles', 'Tin, bài đăng trên trang thông tin của đơn vị'],
  ['radioColumnUnits', 'Số đơn vị duy trì chuyên mục CCHC trên sóng phát thanh'],
  ['awardsCollectives', 'Số tập thể được khen thưởng'],
  ['awardsIndividuals', 'Số cá nhân được khen thưởng'],
  ['dossiersReceived', 'Hồ sơ TTHC tiếp nhận'],
  ['dossiersResolvedOnTime', 'Hồ sơ giải quyết đúng hạn'],
  ['dossiersResolvedLate', 'Hồ sơ giải quyết trễ hạn'],
  ['dossiersPending', 'Hồ sơ đang giải quyết'],
  ['dossiersOverdue', 'Hồ sơ đang giải quyết quá hạn'],
  ['fullOnlineServices', 'Dịch vụ công trực tuyến toàn trình'],
  ['partialOnlineServices', 'Dịch vụ công trực tuyến một phần'],
  ['dossiersOnline', 'Hồ sơ tiếp nhận trực tuyến'],
  ['warnings', 'Số cảnh báo trong các báo cáo'],
] as const;
export type MetricKey = (typeof METRICS)[number][0];

const metricShape = <T extends z.ZodType>(t: T) =>
  Object.fromEntries(METRICS.map(([k]) => [k, t])) as { [K in MetricKey]: T };

const nat = z.number().int().min(0);
const natOrNull = nat.nullable();

export const RollupTotals = z.object(metricShape(natOrNull)).openapi('RollupTotals', {
  description: 'Province totals over the latest version of every expected unit\'s report. null: no report gives the value.',
});
export type RollupTotals = z.infer<typeof RollupTotals>;

export const UnitFigures = z
  .object({
    inspected: natOrNull,
    inspectedKind: z.string().nullable(),
    planned: natOrNull,
    plannedKind: z.string().nullable(),
    lateDossiersUnitLevel: nat,
    lateDossiersCommuneLevel: nat,
    lateDossiers: nat,
    provincialArticles: natOrNull,
    unitArticles: natOrNull,
    radioColumn: z.boolean().nullable(),
    awardsCollectives: natOrNull,
    awardsIndividuals: natOrNull,
    warnings: nat,
  })
  .openapi('UnitFigures');
export type UnitFigures = z.infer<typeof UnitFigures>;

export const StatusUnit = z
  .object({
    code,
    name: z.string(),
    kind: z.string(),
    status: ReportStatus,
    version: z.number().int().nullable(),
    firstReceivedAt: instant.nullable(),
    receivedAt: instant.nullable(),
  })
  .openapi('StatusUnit');
export type StatusUnit = z.infer<typeof StatusUnit>;

export const UnitRow = StatusUnit.extend({ figures: UnitFigures.nullable() }).openapi('RollupUnit');
export type UnitRow = z.infer<typeof UnitRow>;

export const StatusUnexpected = z
  .object({
    code,
    name: z.string().nullable(),
    reason: z.enum(['unknown_unit', 'not_expected']).openapi({
      description: 'unknown_unit: not in the registry; not_expected: in the registry but not a reporting unit of this province for this period.',
    }),
    status: z.enum(['on_time', 'late']),
    version: z.number().int(),
    firstReceivedAt: instant,
    receivedAt: instant,
  })
  .openapi('StatusUnexpectedUnit', { description: 'Reported, but not expected for this period: listed, never counted in the totals.' });
export type StatusUnexpected = z.infer<typeof StatusUnexpected>;

export const UnexpectedUnit = StatusUnexpected.extend({ figures: UnitFigures }).openapi('RollupUnexpectedUnit');
export type UnexpectedUnit = z.infer<typeof UnexpectedUnit>;

export const Completeness = z
  .object({
    expected: nat,
    reported: nat,
    onTime: nat,
    late: nat,
    missing: nat,
    unexpected: nat,
  })
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

export const DossierLevelTotal = z
  .object({ level: z.enum(['unit', 'commune']), label: z.string(), total: nat, units: nat })
  .openapi('LateDossiersByLevel');

export const FieldTotal = z
  .object({
    field: z.string().openapi({ example: 'Đất đai' }),
    total: nat,
    units: z.array(z.object({ code, count: nat })),
  })
  .openapi('LateDossiersByField');
export type FieldTotal = z.infer<typeof FieldTotal>;

export const SubUnitTotal = z
  .object({
    unitName: z.string().openapi({ example: 'Xã Long Thuận' }),
    unitCode: z.string().nullable(),
    level: z.enum(['unit', 'commune']),
    reportingUnit: code,
    reportingUnitName: z.string(),
    count: nat,
  })
  .openapi('LateDossiersByUnit');
export type SubUnitTotal = z.infer<typeof SubUnitTotal>;

export const RollupWarning = z
  .object({
    unit: code,
    unitName: z.string(),
    version: z.number().int(),
    path: z.string(),
    code: z.string().openapi({ example: 'DOC_DATED_AFTER_REPORT' }),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string().openapi({ description: 'In Vietnamese; code and params allow other languages.' }),
  })
  .openapi('RollupWarning');
export type RollupWarning = z.infer<typeof RollupWarning>;

export const MetricChange = z
  .object({ current: natOrNull, previous: natOrNull, delta: z.number().int().nullable(), percent: z.number().nullable() })
  .openapi('MetricChange');
export type MetricChange = z.infer<typeof MetricChange>;

export const PreviousRollup = z
  .object({
    period: z.string().openapi({ example: '2020-H1' }),
    runId: z.string(),
    asOf: instant.nullable(),
    totals: RollupTotals,
  })
  .openapi('PreviousRollup');
export type PreviousRollup = z.infer<typeof PreviousRollup>;

export const RollupSummary = z
  .object({
    format: z.literal(ROLLUP_FORMAT),
    province: z.object({ code, name: z.string() }),
    period: PeriodInfo,
    asOf: instant.nullable().openapi({
      description: 'The latest receipt time among the included reports: the data is complete as of this instant. null when nobody reported.',
    }),
    changeSeq: nat.openapi({ description: 'The province-period change counter the rollup was computed from.' }),
    registryVersion: z.string(),
    completeness: Completeness,
    units: z.array(UnitRow).openapi({ description: 'One row per expected unit, by unit code.' }),
    unexpected: z.array(UnexpectedUnit),
    totals: RollupTotals,
    lateDossiers: z.object({
      byLevel: z.array(DossierLevelTotal),
      byField: z.array(FieldTotal).openapi({ description: 'Most late dossiers first.' }),
      byUnit: z.array(SubUnitTotal).openapi({ description: 'Communes (and other sub-units) with most late dossiers first.' }),
    }),
    previous: PreviousRollup.nullable(),
    change: z
      .record(z.string(), MetricChange)
      .nullable()
      .openapi({ description: 'Per metric of `totals`: against the previous period; null without a previous rollup, or when the two are not comparable.' }),
    notComparable: z.string().optional().openapi({
      description:
        'Present when the previous period had other reporting units (the 2025 reorganisation: 82 / 2025-Q3 against 2025-Q2): "không so sánh được (sắp xếp đơn vị hành chính)"; change is then null.',
    }),
    warnings: z.array(RollupWarning),
  })
  .openapi('RollupSummary');
export type RollupSummary = z.infer<typeof RollupSummary>;

/** What is read back from a previous period's summary.json (other keys ignored). */
export const PreviousSummaryFile = z.object({
  format: z.literal(ROLLUP_FORMAT),
  period: z.object({ id: z.string() }),
  asOf: z.string().nullable(),
  totals: RollupTotals,
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
    summary: RollupSummary,
  })
  .openapi('RollupResponse');
export type RollupResponse = z.infer<typeof RollupResponse>;

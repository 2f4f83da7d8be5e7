/**
 * Response shapes of the HTTP API (zod: the OpenAPI document is generated from these).
 */
import * as z from 'zod';
import './zod-openapi.ts';
import { HistoryItem, ReviewActionInfo, ReviewSummary } from '../review/api.ts';

export const Detail = z
  .object({
    path: z.string().openapi({ example: '$.difficulties.lateDossiers[0].byField[0].count' }),
    code: z.string().openapi({ example: 'PART_EXCEEDS_WHOLE' }),
    message: z.string(),
  })
  .openapi('Detail');

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      requestId: z.string(),
      details: z.array(Detail),
    }),
  })
  .openapi('Error');

export const DocumentLink = z
  .object({
    state: z.enum(['pending', 'ready', 'failed']),
    href: z.string().openapi({ example: '/v1/units/870/reports/2021-H1/document?version=1' }),
    size: z.number().int().optional(),
    fileName: z.string().optional(),
  })
  .openapi('DocumentLink');

export const SubmitResponse = z
  .object({
    unit: z.string(),
    period: z.string(),
    version: z.number().int(),
    receivedAt: z.string().openapi({ format: 'date-time' }),
    firstReceivedAt: z.string().openapi({ format: 'date-time' }),
    onTime: z.boolean(),
    warnings: z.array(Detail).openapi({ description: 'The first 100 warnings; warningCount says how many there are.' }),
    warningCount: z.number().int(),
    document: DocumentLink,
    review: ReviewSummary,
  })
  .openapi('SubmitResponse');

export const ValidateResponse = z
  .object({
    valid: z.literal(true),
    warnings: z.array(Detail).openapi({ description: 'The first 100 warnings.' }),
    warningCount: z.number().int(),
  })
  .openapi('ValidateResponse');

export const Submitter = z.object({ sub: z.string(), unit: z.string(), role: z.string() }).openapi('Submitter');

export const VersionInfo = z
  .object({
    version: z.number().int(),
    receivedAt: z.string(),
    submittedBy: Submitter,
    requestId: z.string(),
    hash: z.string(),
    warningCount: z.number().int().openapi({ description: 'How many warnings the version drew (GET ?version=N lists the first 100).' }),
  })
  .openapi('VersionInfo');

export const VersionsResponse = z
  .object({
    unit: z.string(),
    period: z.string(),
    latestVersion: z.number().int(),
    review: ReviewSummary,
    versions: z.array(VersionInfo).openapi({ description: 'This page, newest first.' }),
    reviews: z.array(ReviewActionInfo).openapi({ description: "The review actions on this page's versions, in order." }),
    history: z.array(HistoryItem).openapi({ description: "This page's versions and review actions in the order they happened." }),
    limit: z.number().int(),
    nextCursor: z.string().optional().openapi({ description: 'Pass as ?cursor= for the next (older) page; absent on the last page.' }),
  })
  .openapi('VersionsResponse');

export const DocumentResponse = z
  .object({
    unit: z.string(),
    period: z.string(),
    version: z.number().int(),
    url: z.string().openapi({ description: 'Presigned S3 URL, valid for expiresIn seconds.' }),
    expiresIn: z.number().int(),
    fileName: z.string(),
    size: z.number().int(),
  })
  .openapi('DocumentResponse');

export const HealthResponse = z.object({ status: z.literal('ok'), table: z.literal('ok'), bucket: z.literal('ok') }).openapi('Health');

/**
 * A report body: its shape depends on the form the server chose for the unit and period
 * (GET /v1/units/{unit}/reports/{period}/form), whose JSON Schema GET /v1/forms/{id} returns.
 */
export const ReportBodyRef = z
  .object({
    form: z.object({ id: z.string().openapi({ example: 'dong-thap-2021' }), version: z.number().int().openapi({ example: 1 }) }),
    header: z.object({}).passthrough(),
    legalBasis: z.array(z.object({}).passthrough()).optional(),
    introduction: z.string().optional(),
    sections: z.record(z.string(), z.object({}).passthrough()).optional(),
    values: z.record(z.string(), z.object({}).passthrough()).optional(),
    closing: z.string().optional(),
    distribution: z.array(z.string()),
    signature: z.object({}).passthrough(),
  })
  .passthrough()
  .openapi('ReportBody', { description: 'The body for one form: see GET /v1/forms/{id} for its exact JSON Schema.' });

const FormInfo = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  appliesTo: z.object({}).passthrough(),
});

export const FormListResponse = z.object({ forms: z.array(FormInfo.extend({ versions: z.array(z.number().int()) })) }).openapi('FormList');

export const FormResponse = z
  .object({
    form: z.object({}).passthrough().openapi({ description: 'The form (FormDef): outline, indicators, rules, applicability.' }),
    versions: z.array(z.number().int()),
    schema: z.object({}).passthrough().openapi({ description: 'JSON Schema (draft 2020-12) of a report body for this form version.' }),
  })
  .openapi('FormResponse');

export const FormForResponse = z
  .object({
    unit: z.string(),
    period: z.string(),
    form: z.object({ id: z.string(), version: z.number().int(), title: z.string(), href: z.string() }),
    fixedByReport: z.boolean(),
    header: z.object({
      unitName: z.string(),
      issuingAuthority: z.string().openapi({ example: 'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ' }),
      parentAuthority: z.string().optional(),
      place: z.string().openapi({ example: 'Hồng Ngự' }),
      periodLabel: z.string().openapi({ example: '06 tháng đầu năm 2021' }),
      nextPeriodLabel: z.string().openapi({ example: 'Quý III năm 2021' }),
      summary: z.string(),
      symbol: z.string(),
      recipients: z.enum(['required', 'optional', 'none']),
      deadline: z.string().openapi({ format: 'date' }),
    }),
  })
  .openapi('FormFor');

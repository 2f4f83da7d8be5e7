/**
 * Response shapes of the HTTP API (zod: the OpenAPI document is generated from these).
 */
import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { HistoryItem, ReviewActionInfo, ReviewSummary } from '../review/api.ts';

extendZodWithOpenApi(z);

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
    warnings: z.array(Detail),
    document: DocumentLink,
    review: ReviewSummary,
  })
  .openapi('SubmitResponse');

export const ValidateResponse = z
  .object({ valid: z.literal(true), warnings: z.array(Detail) })
  .openapi('ValidateResponse');

export const Submitter = z.object({ sub: z.string(), unit: z.string(), role: z.string() }).openapi('Submitter');

export const VersionInfo = z
  .object({
    version: z.number().int(),
    receivedAt: z.string(),
    submittedBy: Submitter,
    requestId: z.string(),
    hash: z.string(),
    warnings: z.array(Detail),
  })
  .openapi('VersionInfo');

export const VersionsResponse = z
  .object({
    unit: z.string(),
    period: z.string(),
    latestVersion: z.number().int(),
    review: ReviewSummary,
    versions: z.array(VersionInfo),
    reviews: z.array(ReviewActionInfo),
    history: z.array(HistoryItem).openapi({ description: 'Versions and review actions in the order they happened.' }),
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

export const HealthResponse = z
  .object({ status: z.literal('ok'), table: z.literal('ok'), bucket: z.literal('ok') })
  .openapi('Health');

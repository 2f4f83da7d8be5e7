/** The OpenAPI 3.1 document, generated from the same zod schemas that validate. */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import * as api from '../../shared/http/api.ts';
import { UnitHistoryResponse, UnitsQuery, UnitsResponse } from '../../shared/registry/service.ts';
import { ROUTES, type Route } from '../routes.ts';
import { extraComponents, extraSchemas } from './openapi-extra.ts';

type Responses = Record<number, { description: string; schema?: z.ZodType }>;

const DESCRIPTIONS: Record<string, { summary: string; responses: Responses; body?: z.ZodType; query?: z.ZodObject }> = {
  'GET /v1/units': {
    summary:
      'Đơn vị của một tỉnh có hiệu lực vào một ngày (?province=82&on=2026-09-30): the province and every unit under it on that day, in the hierarchy of that day. Any signed-in caller.',
    query: UnitsQuery,
    responses: {
      200: { description: 'The units in force on the day.', schema: UnitsResponse },
      404: { description: 'No province with this code on that day (UNKNOWN_PROVINCE).' },
      422: { description: 'province missing (PROVINCE_REQUIRED) or on not a date (INVALID_DATE_PARAM).' },
    },
  },
  'GET /v1/units/{unit}': {
    summary:
      'Một mã đơn vị và lịch sử của nó: each unit that has held the code (codes are reused across the 2025 reorganisation), with its name, parent, province, validity and successors. Any signed-in caller.',
    responses: {
      200: { description: "The code's history.", schema: UnitHistoryResponse },
      404: { description: 'No unit has held this code (UNKNOWN_UNIT).' },
    },
  },
  'PUT /v1/units/{unit}/reports/{period}': {
    summary: 'Gửi hoặc sửa đổi báo cáo (create or amend a report). Amending needs If-Match: "<version>".',
    body: api.ReportBodyRef,
    responses: {
      200: { description: 'Identical content: the existing version (retry-safe).', schema: api.SubmitResponse },
      201: { description: 'A new version was stored.', schema: api.SubmitResponse },
      409: { description: 'The report is locked (accepted), or it has 500 versions already (TOO_MANY_VERSIONS).' },
      412: { description: 'If-Match names a version that is not the latest.' },
      413: { description: 'The report is larger than what one version may store (REPORT_TOO_LARGE names the bound).' },
      422: { description: 'The report is not valid; every problem with its JSON path.' },
      428: { description: 'The report exists; If-Match is required to amend it.' },
      429: { description: 'Too many writes by this user (WRITE_QUOTA_EXCEEDED); Retry-After says when to try again.' },
    },
  },
  'POST /v1/units/{unit}/reports/{period}/validate': {
    summary: 'Kiểm tra báo cáo, không lưu (checks only, stores nothing).',
    body: api.ReportBodyRef,
    responses: { 200: { description: 'Valid, with warnings.', schema: api.ValidateResponse }, 422: { description: 'Invalid.' } },
  },
  'GET /v1/units/{unit}/reports/{period}': {
    summary: 'Báo cáo mới nhất, hoặc ?version=N.',
    responses: { 200: { description: 'The report version with its content.' } },
  },
  'GET /v1/units/{unit}/reports/{period}/versions': {
    summary:
      'Danh sách phiên bản (who submitted each, when, from which request, how many warnings), newest first, by pages: ?limit=1..100 (default 50) and ?cursor=<nextCursor of the previous page>.',
    query: z.object({
      limit: z.string().optional().openapi({ description: 'Versions per page, 1 to 100 (default 50).', example: '50' }),
      cursor: z.string().optional().openapi({ description: "The previous page's nextCursor." }),
    }),
    responses: {
      200: { description: 'One page of versions.', schema: api.VersionsResponse },
      400: { description: 'Bad limit or cursor (INVALID_PAGE).' },
    },
  },
  'GET /v1/units/{unit}/reports/{period}/document': {
    summary: 'Văn bản .docx: a short-lived presigned URL; 409 while it is being generated.',
    responses: { 200: { description: 'Presigned URL.', schema: api.DocumentResponse }, 409: { description: 'Still being generated.' } },
  },
  'GET /v1/units/{unit}/reports/{period}/form': {
    summary:
      'Biểu mẫu áp dụng (which form this unit reports on for this period, chosen by the server from its province, tier and the period; an existing report keeps its version) and the header facts the server supplies.',
    responses: {
      200: { description: 'The form reference and the header facts.', schema: api.FormForResponse },
      422: { description: 'The unit does not report for this period, or no form applies.' },
    },
  },
  'GET /v1/forms': {
    summary: 'Danh sách biểu mẫu báo cáo (every form, newest version, with where it applies).',
    responses: { 200: { description: 'Forms.', schema: api.FormListResponse } },
  },
  'GET /v1/forms/{id}': {
    summary: 'Một biểu mẫu (?version=N, else the newest): its outline, indicators, rules, and the JSON Schema of a report body for it.',
    responses: {
      200: { description: 'The form and its body schema.', schema: api.FormResponse },
      404: { description: 'Unknown form or version.' },
    },
  },
  'GET /v1/openapi.json': { summary: 'This document.', responses: { 200: { description: 'OpenAPI 3.1.' } } },
  'GET /v1/health': {
    summary:
      'Ready when the table and the bucket answer a read. Reads only (never writes), and a container reuses its answer for 10 seconds.',
    responses: { 200: { description: 'Healthy.', schema: api.HealthResponse }, 503: { description: 'Not ready.' } },
  },
  'GET /v1/admin/health': {
    summary: 'Kiểm tra sâu (deep check, administrators only): writes the HEALTH item and a health/ object and reads both back.',
    responses: {
      200: { description: 'The table and the bucket can be written and read back.', schema: api.HealthResponse },
      403: { description: 'Not an administrator of a province.' },
      503: { description: 'Not ready.' },
    },
  },
  ...extraSchemas,
};

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of ROUTES) register(registry, route, bearer.name);
  for (const [name, schema] of Object.entries(extraComponents)) registry.register(name, schema);
  const gen = new OpenApiGeneratorV31(registry.definitions);
  cached = gen.generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'CCHC report hub API',
      version: '1.0.0',
      description: 'Báo cáo công tác cải cách hành chính: gửi, kiểm tra, lưu phiên bản, văn bản và tổng hợp cấp tỉnh.',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}

function register(registry: OpenAPIRegistry, route: Route, security: string): void {
  const key = `${route.method} ${route.path}`;
  const d = DESCRIPTIONS[key] ?? { summary: key, responses: { 200: { description: 'OK' } } };
  const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const responses: Record<string, object> = {};
  for (const [status, r] of Object.entries(d.responses))
    responses[status] = r.schema
      ? { description: r.description, content: { 'application/json': { schema: r.schema } } }
      : { description: r.description };
  if (route.auth) {
    responses['401'] ??= { description: 'No valid token.', content: { 'application/json': { schema: api.ErrorBody } } };
    responses['403'] ??= {
      description: 'Not allowed for this unit or province.',
      content: { 'application/json': { schema: api.ErrorBody } },
    };
  }
  responses['400'] ??= { description: 'Malformed request.', content: { 'application/json': { schema: api.ErrorBody } } };
  registry.registerPath({
    method: route.method.toLowerCase() as 'get' | 'put' | 'post',
    path: route.path,
    summary: d.summary,
    ...(route.auth ? { security: [{ [security]: [] }] } : {}),
    request: {
      ...(params.length ? { params: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) } : {}),
      ...(d.query ? { query: d.query } : {}),
      ...(d.body ? { body: { content: { 'application/json': { schema: d.body } } } } : {}),
    },
    responses,
  });
}

/** Descriptions of routes added by later modules (the rollup endpoints). */
import type * as z from 'zod';
import { ReviewResponse } from '../../shared/review/api.ts';
import { ReopenRequest, ReviewRequest } from '../../shared/review/model.ts';
import { RollupResponse, RollupSummary, StatusResponse } from '../../shared/rollup/schema.ts';

/** Schemas of files the API links to (summary.json), described without a route of their own. */
export const extraComponents: Record<string, z.ZodType> = { RollupSummary };

export const extraSchemas: Record<
  string,
  { summary: string; body?: z.ZodType; responses: Record<number, { description: string; schema?: z.ZodType }> }
> = {
  'POST /v1/units/{unit}/reports/{period}/review': {
    summary:
      'Duyệt hoặc trả lại báo cáo (accept or return the latest version). Province staff of the unit\'s province only; If-Match: "<version>" names the version read. A return needs a comment or comments at fields (JSON paths into that version). Accepting locks the report.',
    body: ReviewRequest,
    responses: {
      200: { description: 'Decided; the unit is notified by e-mail.', schema: ReviewResponse },
      409: {
        description: 'Already accepted (ALREADY_ACCEPTED, ACCEPTED_REOPEN_FIRST) or returned and waiting for the unit (ALREADY_RETURNED).',
      },
      412: { description: 'A newer version arrived: If-Match is stale; nothing changed.' },
      422: { description: 'Invalid body, a return without comment, or a comment at a field the version does not have.' },
      428: { description: 'If-Match is required.' },
      429: {
        description: 'Too many writes by this user (WRITE_QUOTA_EXCEEDED, shared with submissions); Retry-After says when to try again.',
      },
    },
  },
  'POST /v1/units/{unit}/reports/{period}/reopen': {
    summary:
      'Mở lại báo cáo đã duyệt (reopen an accepted report, with a reason) so that the unit can amend it. Province staff only; If-Match optional.',
    body: ReopenRequest,
    responses: {
      200: { description: 'Reopened: chờ duyệt, amendable (also after the lock date).', schema: ReviewResponse },
      409: { description: 'The report is not accepted (NOT_ACCEPTED).' },
      412: { description: 'If-Match names a version that is not the latest.' },
      422: { description: 'No reason given.' },
      429: { description: 'Too many writes by this user (WRITE_QUOTA_EXCEEDED); Retry-After says when to try again.' },
    },
  },
  'GET /v1/provinces/{province}/periods/{period}/status': {
    summary:
      'Tình hình gửi báo cáo của kỳ (completeness): every expected unit of the province for the period, on time, late or missing, and units that reported without being expected. Province staff only.',
    responses: {
      200: { description: 'Expected units with their status, the deadline and the counts.', schema: StatusResponse },
      404: { description: 'Unknown province (UNKNOWN_PROVINCE) or period (UNKNOWN_PERIOD).' },
    },
  },
  'POST /v1/provinces/{province}/rollups/{period}': {
    summary:
      'Tổng hợp ngay (run the rollup now), whatever changed: computes the summary, writes summary.json, units.csv, rollup.xlsx and bao-cao-tong-hop.docx, then publishes them. Province staff only.',
    responses: {
      200: { description: 'The data had not changed: the visible rollup (same runId, same bytes).', schema: RollupResponse },
      201: { description: 'A new rollup was published.', schema: RollupResponse },
      404: { description: 'Unknown province or period.' },
    },
  },
  'GET /v1/provinces/{province}/rollups/{period}': {
    summary:
      'Báo cáo tổng hợp mới nhất (the latest rollup): its digest (completeness, totals by indicator code with their coverage, data-quality counts) with asOf, and short-lived presigned URLs to json, csv, xlsx and docx. Per-unit rows and the data-quality details are in summary.json (schema RollupSummary), never in this answer. Province staff only.',
    responses: {
      200: { description: 'The latest rollup.', schema: RollupResponse },
      404: { description: 'No rollup yet (ROLLUP_NOT_FOUND), or unknown province or period.' },
    },
  },
};

/** Descriptions of routes added by later modules (the rollup endpoints). */
import type { z } from 'zod';
import { RollupResponse, RollupSummary, StatusResponse } from '../../shared/rollup/v1/schema.ts';

/** Schemas of files the API links to (summary.json), described without a route of their own. */
export const extraComponents: Record<string, z.ZodType> = { RollupSummary };

export const extraSchemas: Record<string, { summary: string; responses: Record<number, { description: string; schema?: z.ZodType }> }> = {
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

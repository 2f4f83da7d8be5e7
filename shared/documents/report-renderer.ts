/** The report .docx builder as the DocRenderer that the ArtifactWriter is given (artifacts function only). */
import type { DocRenderer } from '../report/artifacts.ts';
import { buildReportDocx, DOCX_CONTENT_TYPE, reportDocFileName } from './report-docx.ts';

export const reportDocRenderer: DocRenderer = {
  render: async (report, ctx) => buildReportDocx(report, ctx),
  fileName: (ctx) => reportDocFileName(ctx),
  contentType: DOCX_CONTENT_TYPE,
};

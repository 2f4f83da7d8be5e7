/**
 * Checks while typing. Errors come from the same validation the server runs: the
 * form's zod schema built by shared code in the browser when available, and the
 * server's own check (POST …/validate, stores nothing) for what needs its data
 * (previous periods, the registry) and for warnings.
 */
import type { FormDef } from '../../../shared/forms/model.ts';
import { parseReport } from '../../../shared/report/validate.ts';
import { ApiError, request, reportPath, type Detail } from '../lib/api.ts';

export type LocalChecker = (body: unknown) => Detail[];

/**
 * The server's own parse of a body against its form (shared/report/validate.ts: the
 * form's zod schema, zod's Vietnamese messages, the same paths and codes), run here on
 * every keystroke. Checks that need the server's data follow from serverCheck.
 */
export async function localChecker(form: FormDef): Promise<LocalChecker | undefined> {
  return (body) => {
    const r = parseReport(form, body, 'vi');
    return r.ok ? [] : r.details;
  };
}

export interface CheckResult {
  errors: Detail[];
  warnings: Detail[];
}

export async function serverCheck(unit: string, period: string, body: unknown, signal?: AbortSignal): Promise<CheckResult> {
  try {
    const r = await request<{ warnings: Detail[] }>('POST', `${reportPath(unit, period)}/validate`, {
      body,
      ...(signal ? { signal } : {}),
    });
    return { errors: [], warnings: r.body?.warnings ?? [] };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 400 || e.status === 422))
      return { errors: e.details.length ? e.details : [{ path: '$', code: e.code, message: e.message }], warnings: [] };
    throw e;
  }
}

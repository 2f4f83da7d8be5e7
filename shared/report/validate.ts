/**
 * Turns a request body into a canonical ReportBody for its form, or a list of every
 * problem with its JSON path, stable code and localised message. Schema errors come
 * first (zod, with its vi/en locale); cross-field checks only run on a well-typed body.
 */
import type * as z from 'zod';
// The two locales directly: `z.locales.vi()` would keep all 64 in the bundle.
import { en, vi } from 'zod/locales';
import type { ErrorDetail } from '../errors/errors.ts';
import type { ReportBody } from '../forms/body.ts';
import type { FormDef } from '../forms/model.ts';
import { reportSchema } from '../forms/report-schema.ts';
import { clip, message, type Lang } from '../i18n/messages.ts';
import { jsonPath } from './path.ts';

export { jsonPath };

const REQUIRED = 'required_field';

/** zod's locale, except that a missing field says so plainly instead of "received undefined". */
const withRequired =
  (locale: z.core.$ZodErrorMap): z.core.$ZodErrorMap =>
  (iss) =>
    iss.code === 'invalid_type' && iss.input === undefined ? REQUIRED : locale(iss);

const LOCALES = { vi: withRequired(vi().localeError!), en: withRequired(en().localeError!) };

const ZOD_CODES: Record<string, string> = {
  invalid_type: 'INVALID_TYPE',
  too_small: 'TOO_SMALL',
  too_big: 'TOO_BIG',
  invalid_format: 'INVALID_FORMAT',
  not_multiple_of: 'INVALID_NUMBER',
  unrecognized_keys: 'UNKNOWN_FIELD',
  invalid_union: 'INVALID_VALUE',
  invalid_key: 'INVALID_VALUE',
  invalid_element: 'INVALID_VALUE',
  invalid_value: 'INVALID_VALUE',
};

/** Our custom refinements carry a catalog key as their message. */
const CUSTOM_CODES: Record<string, string> = {
  invalid_utf8: 'INVALID_UTF8_TEXT',
  control_character: 'CONTROL_CHARACTER',
  invalid_date: 'INVALID_DATE',
};

export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[], lang: Lang): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union') {
      // Report the branch the value was meant for (its type matched), not "invalid input".
      const branch = issue.errors.find((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (branch && branch.length > 0) {
        const nested = branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as z.core.$ZodIssue);
        out.push(...zodIssuesToDetails(nested, lang));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          path: jsonPath([...issue.path, key]),
          code: 'UNKNOWN_FIELD',
          message: lang === 'vi' ? `Trường không được phép: "${clip(key)}".` : `Unknown field: "${clip(key)}".`,
        });
      }
      continue;
    }
    if (issue.code === 'custom' && CUSTOM_CODES[issue.message]) {
      const code = CUSTOM_CODES[issue.message]!;
      out.push({ path: jsonPath(issue.path), code, message: message(code, lang) });
      continue;
    }
    if (issue.code === 'invalid_type' && issue.message === REQUIRED) {
      out.push({ path: jsonPath(issue.path), code: 'REQUIRED', message: message('REQUIRED', lang) });
      continue;
    }
    let code = ZOD_CODES[issue.code] ?? 'INVALID_VALUE';
    // A fraction where a count belongs is its own, clearer problem.
    if (issue.code === 'invalid_type' && issue.expected === 'int') code = 'NOT_AN_INTEGER';
    if (issue.code === 'too_small' && issue.origin === 'number') code = 'NEGATIVE_OR_TOO_SMALL';
    out.push({ path: jsonPath(issue.path), code, message: issue.message });
  }
  return out;
}

/**
 * At most this many problems are listed, then one TOO_MANY_ERRORS entry with the rest's
 * count: a 256 KB body of empty footnote references holds 160,000 errors (a 29 MB
 * answer), and Lambda cannot answer more than 6 MB.
 */
export const MAX_DETAILS = 100;

const tooMany = (more: number, lang: Lang): ErrorDetail => ({
  path: '$',
  code: 'TOO_MANY_ERRORS',
  message:
    lang === 'vi'
      ? `Còn ${more} lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi gửi lại.`
      : `${more} more errors are not listed; fix the ones above and submit again.`,
});

export function capDetails(details: ErrorDetail[], lang: Lang): ErrorDetail[] {
  if (details.length <= MAX_DETAILS) return details;
  return [...details.slice(0, MAX_DETAILS), tooMany(details.length - MAX_DETAILS, lang)];
}

export type ParseResult = { ok: true; report: ReportBody } | { ok: false; details: ErrorDetail[] };

/** How many details an issue becomes, without building them (for the count past the cap). */
function detailCount(issue: z.core.$ZodIssue): number {
  if (issue.code === 'unrecognized_keys') return issue.keys.length;
  if (issue.code === 'invalid_union') {
    const branch = issue.errors.find((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
    if (branch && branch.length > 0) return branch.reduce((n, e) => n + detailCount(e as z.core.$ZodIssue), 0);
  }
  return 1;
}

/** Details of the first issues up to the cap, and only a count of the rest (a body can hold 160,000 problems). */
function cappedDetails(issues: readonly z.core.$ZodIssue[], lang: Lang): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  let i = 0;
  for (; i < issues.length && out.length <= MAX_DETAILS; i++) out.push(...zodIssuesToDetails([issues[i]!], lang));
  if (i === issues.length) return capDetails(out, lang);
  let more = out.length - MAX_DETAILS;
  for (; i < issues.length; i++) more += detailCount(issues[i]!);
  return [...out.slice(0, MAX_DETAILS), tooMany(more, lang)];
}

export function parseReport(form: FormDef, body: unknown, lang: Lang): ParseResult {
  const r = reportSchema(form).safeParse(body, { error: LOCALES[lang] });
  if (r.success) return { ok: true, report: r.data };
  return { ok: false, details: cappedDetails(r.error.issues, lang) };
}

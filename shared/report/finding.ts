/**
 * A check's finding: a path, a stable code and parameters, localised only when shown
 * (so stored warnings can be re-read in any language).
 */
import type { ErrorDetail } from '../errors/errors.ts';
import { message, type Lang } from '../i18n/messages.ts';

export interface Finding {
  path: string;
  code: string;
  params: Record<string, string | number>;
}

export const localise = (f: Finding, lang: Lang): ErrorDetail => ({
  path: f.path,
  code: f.code,
  message: message(f.code, lang, f.params),
});

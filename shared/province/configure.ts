/**
 * Setting a province's document settings (`npm run province -- --file f.json`): the file
 * names the province and its settings; both are checked (every problem listed, with its
 * path, in Vietnamese) before the registry is changed. Pure: the caller loads and saves
 * the registry.
 */
import * as z from 'zod';
import { vi } from 'zod/locales';
import type { RegistryData } from '../registry/registry.ts';
import { ProvinceDocumentSettings } from './settings.ts';

export const ProvinceDocumentFile = z.strictObject({
  province: z.string().regex(/^\d{1,10}$/),
  document: ProvinceDocumentSettings,
});
export type ProvinceDocumentFile = z.infer<typeof ProvinceDocumentFile>;

export interface Problem {
  path: string;
  message: string;
}

export type Outcome = { ok: true; data: RegistryData; file: ProvinceDocumentFile } | { ok: false; problems: Problem[] };

const path = (p: readonly PropertyKey[]) =>
  p.length
    ? p
        .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
        .join('')
        .replace(/^\./, '')
    : '(tệp)';

/**
 * The registry with the province's `document` replaced. Refused when the file is not
 * valid, the province is not in the registry, or the province-tier form is unknown.
 */
export function setProvinceDocument(
  data: RegistryData,
  json: unknown,
  formExists: (ref: { id: string; version: number }) => boolean,
): Outcome {
  const parsed = ProvinceDocumentFile.safeParse(json, { error: vi().localeError });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ path: path(i.path), message: i.message })) };
  const file = parsed.data;
  const problems: Problem[] = [];
  if (!data.provinces.some((p) => p.code === file.province))
    problems.push({ path: 'province', message: `Tỉnh ${file.province} không có trong danh mục đơn vị (chưa có cấu hình tỉnh).` });
  const form = file.document.form;
  if (form && !formExists(form))
    problems.push({ path: 'document.form', message: `Không có biểu mẫu ${form.id} phiên bản ${form.version}.` });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    file,
    data: { ...data, provinces: data.provinces.map((p) => (p.code === file.province ? { ...p, document: file.document } : p)) },
  };
}

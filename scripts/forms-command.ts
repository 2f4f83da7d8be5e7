/**
 * The forms command's logic, apart from its connection (tests run it on the real
 * DynamoDB Local): add a form file, or list the forms.
 */
import { DomainError } from '../shared/errors/errors.ts';
import type { FormCatalog } from '../shared/forms/catalog.ts';
import { newestVersions } from '../shared/forms/select.ts';
import { message } from '../shared/i18n/messages.ts';

export async function formsCommand(catalog: FormCatalog, fileText: string | undefined, out: (line: string) => void): Promise<number> {
  if (fileText === undefined) {
    const all = await catalog.all();
    for (const f of newestVersions(all)) {
      const versions = all
        .filter((x) => x.id === f.id)
        .map((x) => x.version)
        .sort((a, b) => a - b);
      out(`${f.id} v${versions.join(', v')}: ${f.title}`);
    }
    return 0;
  }
  let json: unknown;
  try {
    json = JSON.parse(fileText);
  } catch (e) {
    out(`Tệp biểu mẫu không phải JSON hợp lệ: ${(e as Error).message}`);
    return 1;
  }
  try {
    const r = await catalog.add(json);
    out(
      r.status === 'created'
        ? `Đã thêm biểu mẫu ${r.form.id} phiên bản ${r.form.version}. Máy chủ dùng biểu mẫu mới trong vòng 1 phút.`
        : `Biểu mẫu ${r.form.id} phiên bản ${r.form.version} đã có, nội dung giống hệt: không thay đổi gì.`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    out(message(e.code, 'vi', e.params));
    for (const d of e.details) out(`  ${d.path}: ${d.message}`);
    return 1;
  }
}

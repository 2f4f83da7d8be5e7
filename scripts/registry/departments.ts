/**
 * A province's departments (sở, ngành) from a CSV file: `code,name[,validFrom,validTo]`.
 * They are not in the national lists, so each province lists its own. Code scheme: six
 * digits, the province's two-digit code then a four-digit number ("820002" Sở Nội vụ of
 * 82). The national codes have 2, 3 or 5 digits, so a department code never collides
 * with one, and it fits the token and URL unit pattern (1 to 10 digits).
 */
import { parse } from 'csv-parse/sync';
import type { OrgUnit, RegistryData } from '../../shared/registry/registry.ts';

export const DEPARTMENT_CODE = /^\d{6}$/;

export function parseDepartments(csv: string, province: OrgUnit): { units: OrgUnit[]; errors: string[] } {
  const rows: Record<string, string>[] = parse(csv, {
    columns: (h: string[]) => h.map((c) => c.trim()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
  const errors: string[] = [];
  const units: OrgUnit[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const code = r.code ?? '';
    const name = (r.name ?? '').normalize('NFC');
    const validFrom = r.validFrom || province.validFrom;
    const validTo = r.validTo || null;
    if (!DEPARTMENT_CODE.test(code) || !code.startsWith(province.code))
      errors.push(`dòng ${line}: mã "${code}" phải gồm 6 chữ số, bắt đầu bằng mã tỉnh ${province.code} (ví dụ ${province.code}0002)`);
    else if (seen.has(code)) errors.push(`dòng ${line}: mã ${code} trùng`);
    if (!name) errors.push(`dòng ${line}: thiếu tên`);
    for (const [k, v] of [
      ['validFrom', validFrom],
      ['validTo', validTo],
    ] as const)
      if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push(`dòng ${line}: ${k} phải có dạng YYYY-MM-DD`);
    if (validFrom < province.validFrom)
      errors.push(
        `dòng ${line}: validFrom ${validFrom} trước khi tỉnh ${province.code} (${province.name}) có hiệu lực (${province.validFrom})`,
      );
    seen.add(code);
    units.push({ code, name, kind: 'department', parentCode: province.code, validFrom, validTo, successorCodes: [] });
  });
  if (!rows.length) errors.push('tệp không có dòng nào (cần tiêu đề code,name)');
  return { units, errors };
}

/** The registry with this province era's departments replaced by the list. */
export function withDepartments(data: RegistryData, province: OrgUnit, departments: OrgUnit[]): RegistryData {
  const inEra = (u: OrgUnit) => u.validFrom >= province.validFrom && (province.validTo === null || u.validFrom <= province.validTo);
  const units = data.units.filter((u) => !(u.kind === 'department' && u.parentCode === province.code && inEra(u)));
  return { ...data, units: [...units, ...departments] };
}

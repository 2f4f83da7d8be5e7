/** `npm run province -- --file`: the province's document settings, checked before the registry changes. */
import { describe, expect, it } from 'vitest';
import { setProvinceDocument } from '../../shared/province/configure.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseRegistry } from '../../shared/registry/registry.ts';
import { documentSettings87 } from './fixtures.ts';

const data = () => structuredClone(bundledRegistry().data);
const known = (ref: { id: string; version: number }) => ref.id === 'dong-thap-2021' && ref.version === 1;

describe("setting a province's document settings", () => {
  it('sets them on the province, and the registry still parses', () => {
    const r = setProvinceDocument(
      data(),
      { province: '87', document: { ...documentSettings87, form: { id: 'dong-thap-2021', version: 1 } } },
      known,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const reg = parseRegistry(r.data);
    expect(reg.provinceConfig('87')!.document).toMatchObject({
      symbol: 'BC-SNV',
      signature: { title: 'Phó Giám đốc', name: 'Nguyễn Văn An' },
    });
  });

  it('lists every problem with its path, in Vietnamese, and changes nothing', () => {
    const before = data();
    const r = setProvinceDocument(
      before,
      { province: '87', document: { ...documentSettings87, symbol: '', signature: { title: 'Giám đốc' }, extra: 1 } },
      known,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['document.symbol', 'document.signature.name', 'document']));
    expect(r.problems.find((p) => p.path === 'document.signature.name')!.message).toMatch(/[ạ-ỹ]|không|mong đợi/i);
    expect(before).toEqual(data());
  });

  it('refuses an unknown province or an unknown province-tier form', () => {
    const r = setProvinceDocument(data(), { province: '99', document: { ...documentSettings87, form: { id: 'nope', version: 2 } } }, known);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { path: 'province', message: 'Tỉnh 99 không có trong danh mục đơn vị (chưa có cấu hình tỉnh).' },
      { path: 'document.form', message: 'Không có biểu mẫu nope phiên bản 2.' },
    ]);
  });
});

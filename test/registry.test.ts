import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../shared/periods/period.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { Registry } from '../shared/registry/registry.ts';

const registry = bundledRegistry();

describe('org-unit registry', () => {
  it('ships Đồng Tháp and its twelve district-level units of 2021 with their national codes', () => {
    const units = registry.expectedUnits('87', parsePeriod('2021-H1')!);
    expect(units.map((u) => u.code)).toEqual(['866', '867', '868', '869', '870', '871', '872', '873', '874', '875', '876', '877']);
    expect(registry.unit('870')?.name).toBe('Huyện Hồng Ngự');
    expect(registry.unit('868')?.name).toBe('Thành phố Hồng Ngự');
    expect(registry.provinceOf('870')).toBe('87');
    expect(registry.provinceOf('87')).toBe('87');
  });

  it('knows who reported in 2021 and who reports after the 2025 reorganisation', () => {
    expect(registry.mayReport('870', parsePeriod('2021-H1')!)).toBe(true);
    expect(registry.mayReport('870', parsePeriod('2025-H1')!)).toBe(true); // window ends 14/06/2025
    expect(registry.mayReport('870', parsePeriod('2025-Q3')!)).toBe(false); // dissolved 30/06/2025
    expect(registry.expectedUnits('87', parsePeriod('2026-Q1')!).some((u) => u.kind === 'district')).toBe(false);
  });

  it('derives reporters from data: a commune registry needs no code change', () => {
    const data = structuredClone(registry.data);
    data.units.push({ code: '30001', name: 'Xã Thử Nghiệm', kind: 'commune', parentCode: '87', validFrom: '2025-07-01', validTo: null, successorCodes: [] });
    const r = new Registry(data);
    expect(r.expectedUnits('87', parsePeriod('2026-Q1')!).map((u) => u.code)).toEqual(['30001']);
    expect(r.mayReport('30001', parsePeriod('2021-H1')!)).toBe(false);
  });

  it('refuses a registry with a dangling parent or duplicate codes', () => {
    const bad = structuredClone(registry.data);
    bad.units.push({ ...bad.units[1]! });
    bad.units.push({ code: '999', name: 'X', kind: 'district', parentCode: '12345', validFrom: '2000-01-01', validTo: null, successorCodes: [] });
    expect(() => Registry.parse(bad)).toThrow(/duplicate unit|unknown parent/);
  });
});

/**
 * The registry's structural checks (RegistryData), each with exactly one planted fault:
 * the bundled registry has no problem, and each fault gives its own problem and no other,
 * so dropping any one check fails its test (a test planting two faults and accepting
 * either error would not notice). No storage.
 */
import { describe, expect, it } from 'vitest';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { RegistryData } from '../../shared/registry/registry.ts';

/** The registry's problems as "path: message" (none: it parses). */
function problems(data: unknown): string[] {
  const r = RegistryData.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const base = () => structuredClone(bundledRegistry().data);
const district = { name: 'Huyện Thử', kind: 'district' as const, validFrom: '2000-01-01', validTo: null, successorCodes: [] };

describe('registry checks, one planted fault at a time', () => {
  it('the bundled registry has none', () => {
    expect(problems(base())).toEqual([]);
  });

  it('a second unit 870 in force at the same time: the duplicate code, and only that', () => {
    const bad = base();
    bad.units.push({ ...district, code: '870', parentCode: '87', validTo: '2020-01-01' });
    expect(problems(bad)).toEqual([`units.${bad.units.length - 1}.code: duplicate unit 870 (two units with this code in force at once)`]);
  });

  it('the same code in an era that does not overlap is no duplicate', () => {
    const ok = base();
    ok.units.push({ ...district, code: '870', parentCode: '82', validFrom: '2030-01-01' });
    expect(problems(ok)).toEqual([]);
  });

  it('a unit that ends before it starts, and only that', () => {
    const bad = base();
    bad.units.push({ ...district, code: '999', parentCode: '87', validFrom: '2010-01-01', validTo: '2009-12-31' });
    expect(problems(bad)).toEqual([`units.${bad.units.length - 1}.validTo: unit 999 ends before it starts`]);
  });

  it('a parent not in force when the unit starts, and only that', () => {
    const bad = base();
    bad.units.push({ ...district, code: '999', parentCode: '12345' });
    expect(problems(bad)).toEqual([`units.${bad.units.length - 1}.parentCode: unknown parent 12345 on 2000-01-01`]);
  });

  it('a configured province that is not a province unit, and only that', () => {
    const bad = base();
    bad.provinces.push({ ...bad.provinces.find((p) => p.code === '87')!, code: '870' });
    expect(problems(bad)).toEqual([`provinces.${bad.provinces.length - 1}.code: province 870 is not a unit`]);
  });

  it('a province history that is not a province, and only that', () => {
    const bad = base();
    const p87 = bad.provinces.find((p) => p.code === '87')!;
    p87.readsHistoryOf = ['870'];
    expect(problems(bad)).toEqual([`provinces.${bad.provinces.indexOf(p87)}.readsHistoryOf.0: province 870 is not a unit`]);
  });
});

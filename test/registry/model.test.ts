import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deadlineDate, isOnTime, parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry, seedRegistryData } from '../../shared/registry/default.ts';
import { parseRegistry, Registry, type RegistryData } from '../../shared/registry/registry.ts';
import { strandedReports } from '../../shared/registry/replace.ts';
import { registryFrom, shardsFor, splitRegistry } from '../../shared/registry/shards.ts';
import { registryProvider } from '../../shared/registry/loader.ts';

const registry = bundledRegistry();
const P = (id: string) => parsePeriod(id)!;
const codes = (units: { code: string }[]) => units.map((u) => u.code);
const at = (iso: string, data: RegistryData = registry.data) => new Registry(data, () => new Date(`${iso}T05:00:00Z`));

describe('units are a code and a validity: the 2025 reorganisation reuses codes', () => {
  it('82 was Tiền Giang and is Đồng Tháp; 87 is gone; 28297 and 29992 name other communes after 1 July 2025', () => {
    expect(registry.unit('82', '2021-06-14')?.name).toBe('Tỉnh Tiền Giang');
    expect(registry.unit('82', '2026-09-14')?.name).toBe('Tỉnh Đồng Tháp');
    expect(registry.unit('87', '2021-06-14')?.name).toBe('Tỉnh Đồng Tháp');
    expect(registry.unit('87', '2026-09-14')).toBeUndefined();
    expect(registry.unit('28297', '2021-06-14')).toMatchObject({ name: 'Phường 2', parentCode: '816' });
    expect(registry.unit('28297', '2026-09-14')).toMatchObject({ name: 'Phường Long Thuận', parentCode: '82' });
    expect(registry.unit('29992', '2021-06-14')).toMatchObject({ name: 'Xã Long Thuận', parentCode: '870' });
    expect(registry.unit('29992', '2026-09-14')).toMatchObject({ name: 'Xã Long Phú Thuận', parentCode: '82' });
  });

  it('without a date, unit(code) means today', () => {
    expect(at('2021-03-01').unit('87')?.name).toBe('Tỉnh Đồng Tháp');
    expect(at('2021-03-01').unit('82')?.name).toBe('Tỉnh Tiền Giang');
    expect(at('2026-11-30').unit('87')).toBeUndefined();
    expect(at('2026-11-30').unit('82')?.name).toBe('Tỉnh Đồng Tháp');
  });

  it('knows province successors (87 and 82 both → 82) and keeps an unmerged province as one unit', () => {
    expect(registry.unit('87', '2021-01-01')?.successorCodes).toEqual(['82']);
    expect(registry.unit('82', '2021-01-01')?.successorCodes).toEqual(['82']);
    expect(registry.unit('870', '2021-01-01')?.successorCodes).toEqual(['82']);
    expect(registry.history('82')).toHaveLength(2);
    expect(registry.history('01')).toEqual([expect.objectContaining({ name: 'Thành phố Hà Nội', validFrom: '2000-01-01', validTo: null })]);
    expect(registry.provinceOn('00004', '2021-01-01')?.code).toBe('01');
  });

  it('a token names the unit in force today, else the last to hold the code', () => {
    const r = at('2026-11-30');
    expect(r.principalUnit('870')).toMatchObject({ name: 'Huyện Hồng Ngự', validTo: '2025-06-30' });
    expect(r.principalUnit('82')).toMatchObject({ name: 'Tỉnh Đồng Tháp', validFrom: '2025-07-01' });
    expect(r.provinceOf('870')).toBe('87');
    expect(r.provinceOf('28297')).toBe('82');
  });
});

describe('expected units use the hierarchy in force during the period', () => {
  it('87 / 2021-H1: the twelve districts', () => {
    expect(codes(registry.expectedUnits('87', P('2021-H1')))).toEqual([
      '866',
      '867',
      '868',
      '869',
      '870',
      '871',
      '872',
      '873',
      '874',
      '875',
      '876',
      '877',
    ]);
    expect(registry.unit('870', '2021-06-14')?.name).toBe('Huyện Hồng Ngự');
    expect(registry.unit('868', '2021-06-14')?.name).toBe('Thành phố Hồng Ngự');
  });

  it('82 / 2026-Q3: the 102 communes and wards plus the configured departments', () => {
    const units = registry.expectedUnits('82', P('2026-Q3'));
    const communes = units.filter((u) => u.kind === 'commune');
    const departments = units.filter((u) => u.kind === 'department');
    expect(communes).toHaveLength(102);
    expect(departments.map((d) => d.code)).toEqual(
      registry.data.units
        .filter((u) => u.kind === 'department' && u.parentCode === '82')
        .map((u) => u.code)
        .sort(),
    );
    expect(departments.length).toBeGreaterThan(0);
    expect(units).toHaveLength(102 + departments.length);
    expect(units.some((u) => u.kind === 'district')).toBe(false);
    expect(codes(communes)).toContain('28297');
    expect(codes(communes)).toContain('29992');
    // Sorted by code, as every list of units.
    expect(codes(units)).toEqual([...codes(units)].sort((a, b) => a.length - b.length || a.localeCompare(b)));
  });

  it('a period straddling 1 July 2025 follows its cut-off end by default, its start when configured', () => {
    // 2025-Q3 runs 15/06/2025 to 14/09/2025.
    expect(registry.expectedUnits('82', P('2025-Q3'))).toHaveLength(registry.expectedUnits('82', P('2026-Q3')).length);
    expect(registry.expectedUnits('87', P('2025-Q3'))).toEqual([]);
    const byStart = new Registry({ ...registry.data, hierarchyDate: 'cutoffStart' });
    expect(codes(byStart.expectedUnits('87', P('2025-Q3')))).toHaveLength(12);
    expect(byStart.expectedUnits('82', P('2025-Q3'))).toEqual([]); // 82 is configured from 1 July 2025
  });

  it('who may report: 870 until mid-2025, not after; a commune only after', () => {
    expect(registry.mayReport('870', P('2021-H1'))).toBe(true);
    expect(registry.mayReport('870', P('2025-H1'))).toBe(true); // window ends 14/06/2025
    expect(registry.mayReport('870', P('2025-Q3'))).toBe(false);
    expect(registry.mayReport('28297', P('2026-Q3'))).toBe(true);
    expect(registry.mayReport('29956', P('2021-H1'))).toBe(false); // a commune of 870 in 2021
    expect(registry.mayReport('820002', P('2026-Q3'))).toBe(true); // Sở Nội vụ
  });

  it('derives reporters from data: a new unit needs no code change', () => {
    const data = structuredClone(registry.data);
    data.units.push({
      code: '820099',
      name: 'Ban Thử Nghiệm',
      kind: 'department',
      parentCode: '82',
      validFrom: '2026-01-01',
      validTo: null,
      successorCodes: [],
    });
    const r = new Registry(data);
    expect(codes(r.expectedUnits('82', P('2026-Q1')))).toContain('820099');
    expect(codes(r.expectedUnits('82', P('2025-Q4')))).not.toContain('820099');
  });

  it('sub-units of a unit on a date: Xã Long Thuận is under 870 in 2021, nothing is under it in 2026', () => {
    const kids = registry.children('870', P('2021-H1').cutoffEnd);
    expect(kids).toHaveLength(10);
    expect(kids.map((u) => u.name)).toContain('Xã Long Thuận');
    expect(registry.children('870', P('2026-Q3').cutoffEnd)).toEqual([]);
    expect(registry.children('82', P('2026-Q3').cutoffEnd).filter((u) => u.kind === 'commune')).toHaveLength(102);
  });

  it('says when two periods cannot be compared (sắp xếp đơn vị hành chính)', () => {
    expect(registry.sameReportingUnits('82', P('2025-Q3'), P('2026-Q3'))).toBe(true);
    expect(registry.sameReportingUnits('87', P('2021-H1'), P('2022-H1'))).toBe(true);
    // 82 / 2025-H1 was Tiền Giang with no reporting rule here; 87 / 2025-Q3 has no units.
    expect(registry.sameReportingUnits('82', P('2025-Q3'), P('2025-H1'))).toBe(false);
    expect(registry.sameReportingUnits('87', P('2025-Q3'), P('2025-H1'))).toBe(false);
    const data = structuredClone(registry.data);
    data.units.push({
      code: '820099',
      name: 'Ban Thử Nghiệm',
      kind: 'department',
      parentCode: '82',
      validFrom: '2026-07-01',
      validTo: null,
      successorCodes: [],
    });
    expect(new Registry(data).sameReportingUnits('82', P('2026-Q2'), P('2026-Q3'))).toBe(false);
  });
});

describe('province isolation across the reorganisation', () => {
  const r = at('2026-11-30');
  const old87 = r.unit('87', '2021-06-14');
  const oldTG = r.unit('82', '2021-06-14');
  const new82 = r.unit('82', '2026-09-14');

  it("staff read their own province only: 87 its 2021 self, 82 today's Đồng Tháp, not Tiền Giang under the same code", () => {
    expect(r.staffMayRead('87', old87)).toBe(true);
    expect(r.staffMayRead('82', new82)).toBe(true);
    expect(r.staffMayRead('82', old87)).toBe(false);
    expect(r.staffMayRead('82', oldTG)).toBe(false);
    expect(r.staffMayRead('87', new82)).toBe(false);
    expect(r.staffMayRead('01', r.unit('01', '2021-06-14'))).toBe(true); // an unmerged province keeps its history
  });

  it("82 reads 87's history only when its configuration names 87 (readsHistoryOf); never the reverse", () => {
    const data = structuredClone(r.data);
    data.provinces.find((p) => p.code === '82')!.readsHistoryOf = ['87'];
    const open = new Registry(data, () => new Date('2026-11-30T05:00:00Z'));
    expect(open.staffMayRead('82', old87)).toBe(true);
    expect(open.staffMayRead('82', oldTG)).toBe(false);
    expect(open.staffMayRead('87', new82)).toBe(false);
    // A province that is not a predecessor (still in force) is never opened this way.
    data.provinces.find((p) => p.code === '82')!.readsHistoryOf = ['87', '86'];
    expect(new Registry(data, () => new Date('2026-11-30T05:00:00Z')).staffMayRead('82', r.unit('86', '2026-09-14'))).toBe(false);
  });
});

describe("deadlines use the computed public holidays and the province's announced changes", () => {
  const policy = (data: RegistryData, province: string, days: number) => ({
    ...new Registry(data).deadlinePolicy(province),
    workingDaysAfterCutoff: days,
  });

  it('across Tết 2021: 41 working days after 14/12/2020 is 17/02/2021, not 09/02 (1/1 and Tết 10-16/02 off)', () => {
    expect(deadlineDate(P('2020-Y'), policy(registry.data, '87', 41))).toBe('2021-02-17');
    expect(deadlineDate(P('2020-Y'), { workingDaysAfterCutoff: 41, holidays: [] })).toBe('2021-02-09');
  });

  it('across Tết 2025: 30 working days after 14/12/2024 is 03/02/2025, not 24/01 (1/1 and Tết 27-31/01 off)', () => {
    expect(deadlineDate(P('2024-Y'), policy(registry.data, '82', 30))).toBe('2025-02-03');
    expect(deadlineDate(P('2024-Y'), { workingDaysAfterCutoff: 30, holidays: [] })).toBe('2025-01-24');
  });

  it('a swapped working day: Saturday 26/04/2025 worked, Friday 02/05/2025 off (configured)', () => {
    // From Fri 14/03/2025, Hùng Kings' day 07/04 off: the 30th working day is the Saturday worked.
    expect(deadlineDate(P('2025-Q1'), policy(registry.data, '82', 30))).toBe('2025-04-26');
    expect(deadlineDate(P('2025-Q1'), policy(registry.data, '82', 32))).toBe('2025-04-29');
    const bare = structuredClone(registry.data);
    const cfg = bare.provinces.find((p) => p.code === '82')!;
    cfg.deadline = { workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] };
    expect(deadlineDate(P('2025-Q1'), policy(bare, '82', 30))).toBe('2025-04-28');
    expect(deadlineDate(P('2025-Q1'), policy(bare, '82', 32))).toBe('2025-05-02');
    // The extra day off alone: 30/04 and 01/05 are holidays, 02/05 too, so the 32nd working day is Monday 05/05.
    cfg.deadline = { workingDaysAfterCutoff: 2, daysOff: ['2025-05-02'], workingDays: [] };
    expect(deadlineDate(P('2025-Q1'), policy(bare, '82', 32))).toBe('2025-05-05');
  });

  it('the on-time flag follows: a report on 16/02/2021 is on time with the holidays, late without', () => {
    const withHolidays = policy(registry.data, '87', 41);
    const at = new Date('2021-02-16T09:00:00+07:00');
    expect(isOnTime(at, P('2020-Y'), withHolidays)).toBe(true);
    expect(isOnTime(at, P('2020-Y'), { workingDaysAfterCutoff: 41, holidays: [] })).toBe(false);
  });
});

describe('the registry file is checked before it replaces the current one', () => {
  it("overrides set a national unit's mailbox (review and reminders), the province keeps its review settings", () => {
    const config = JSON.parse(readFileSync(new URL('../../data/registry/registry.json', import.meta.url), 'utf8'));
    config.overrides.push({ code: '870', on: '2021-06-30', contact: { emails: ['ubnd@hongngu.test'] } });
    config.provinces.find((p: { code: string }) => p.code === '87').review = { graceDays: 5 };
    const reg = new Registry(seedRegistryData(config));
    expect(reg.principalUnit('870')?.contact).toEqual({ emails: ['ubnd@hongngu.test'] });
    expect(reg.unit('871', '2021-06-30')?.contact).toBeUndefined();
    expect(reg.reviewConfig('87')).toMatchObject({ graceDays: 5, remindDaysBefore: 2 });
    config.overrides.push({ code: '870', contact: { emails: ['not an address'] } });
    expect(() => seedRegistryData(config)).toThrow();
  });

  const unit = { name: 'X', kind: 'district' as const, validFrom: '2000-01-01', validTo: null, successorCodes: [] };

  it('refuses two units with one code in force at once', () => {
    const bad = structuredClone(registry.data);
    bad.units.push({ ...unit, code: '870', parentCode: '87', validTo: '2020-01-01' });
    expect(() => parseRegistry(bad)).toThrow(/duplicate unit 870/);
    // The same code in another era is not a duplicate.
    const ok = structuredClone(registry.data);
    ok.units.push({ ...unit, code: '870', parentCode: '82', validFrom: '2030-01-01' });
    expect(() => parseRegistry(ok)).not.toThrow();
  });

  it('refuses a parent that is not in force when the unit starts', () => {
    const bad = structuredClone(registry.data);
    bad.units.push({ ...unit, code: '999', parentCode: '12345' });
    expect(() => parseRegistry(bad)).toThrow(/unknown parent 12345/);
    const late = structuredClone(registry.data);
    late.units.push({ ...unit, code: '999', parentCode: '87', validFrom: '2026-01-01' });
    expect(() => parseRegistry(late)).toThrow(/unknown parent 87 on 2026-01-01/);
  });

  it('refuses a configured province or history that is not a province', () => {
    const bad = structuredClone(registry.data);
    bad.provinces.push({ code: '870', deadline: { workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] }, readsHistoryOf: [] });
    expect(() => parseRegistry(bad)).toThrow(/province 870 is not a unit/);
  });

  it('lists the reports a replacement would strand (issue 15: 871 moved from 87 to 89)', () => {
    const moved = structuredClone(registry.data);
    moved.units.find((u) => u.code === '871')!.parentCode = '89';
    const homes = [
      { unit: '871', period: '2021-H1', province: '87' },
      { unit: '870', period: '2021-H1', province: '87' },
      { unit: '28297', period: '2026-Q3', province: '82' },
    ];
    expect(strandedReports(new Registry(registry.data), homes)).toEqual([]);
    expect(strandedReports(new Registry(moved), homes)).toEqual([{ unit: '871', period: '2021-H1', province: '87', newProvince: '89' }]);
    const dropped = structuredClone(registry.data);
    dropped.units = dropped.units.filter((u) => u.code !== '870');
    expect(strandedReports(new Registry(dropped), homes)).toEqual([{ unit: '870', period: '2021-H1', province: '87', newProvince: null }]);
  });

  it('the 2025 reorganisation strands nothing: 2021 reports stay under 87, 2026 ones under 82', () => {
    const homes = [
      { unit: '870', period: '2021-H1', province: '87' },
      { unit: '870', period: '2025-H1', province: '87' },
      { unit: '28297', period: '2025-Q3', province: '82' },
      { unit: '820002', period: '2026-Q3', province: '82' },
    ];
    expect(strandedReports(registry, homes)).toEqual([]);
  });
});

describe("stored in pieces: one province's units load alone", () => {
  const { index, shards } = splitRegistry(registry.data);

  it('puts each unit in the piece of its province in its own era', () => {
    expect(
      shards
        .get('82')!
        .filter((u) => u.code === '28297')
        .map((u) => u.name)
        .sort(),
    ).toEqual(['Phường 2', 'Phường Long Thuận']);
    expect(shards.get('87')!.map((u) => u.code)).toContain('29992');
    expect(shards.get('82')!.map((u) => u.code)).toContain('29992');
    expect([...shards.values()].reduce((n, s) => n + s.length, 0)).toBe(registry.data.units.length);
  });

  it('a scope names few pieces; the registry over them answers as the whole one', () => {
    expect(shardsFor(index, { provinces: ['82'] })).toEqual(['82']);
    const forUnit = shardsFor(index, { units: ['29992'] });
    expect(forUnit).toContain('82');
    expect(forUnit).toContain('87');
    expect(forUnit.length).toBeLessThan(8);
    const part = registryFrom(
      index,
      shardsFor(index, { provinces: ['82'] }).map((c) => shards.get(c)!),
    );
    expect(part.data.units.length).toBeLessThan(400);
    expect(codes(part.expectedUnits('82', P('2026-Q3')))).toEqual(codes(registry.expectedUnits('82', P('2026-Q3'))));
    const units = registryFrom(
      index,
      forUnit.map((c) => shards.get(c)!),
    );
    expect(units.history('29992').map((u) => u.name)).toEqual(registry.history('29992').map((u) => u.name));
    expect(units.provinceOn('29992', '2021-06-14')?.code).toBe('87');
  });

  it('the provider reads the index once a minute and each piece once', async () => {
    const reads: string[] = [];
    const provider = registryProvider({
      index: async () => {
        reads.push('index');
        return { generation: 'g1', index };
      },
      shard: async (_g, c) => {
        reads.push(c);
        return shards.get(c)!;
      },
    });
    const a = await provider({ provinces: ['82'] });
    const b = await provider({ units: ['28297', '82'] });
    await provider({ provinces: ['82'] });
    expect(a.expectedUnits('82', P('2026-Q3')).length).toBeGreaterThan(102);
    expect(b.unit('28297', '2026-09-14')?.name).toBe('Phường Long Thuận');
    expect(reads.filter((r) => r === 'index')).toHaveLength(1);
    expect(reads.filter((r) => r === '82')).toHaveLength(1);
    const none = registryProvider({ index: async () => undefined, shard: async () => [] });
    await expect(none()).rejects.toMatchObject({ kind: 'unavailable', code: 'REGISTRY_NOT_LOADED' });
  });
});

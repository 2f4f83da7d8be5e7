/**
 * The registry data files are built from the two national snapshots copied into the
 * repository (data/vn-units/), and the build is deterministic: rebuilding gives the
 * committed bytes. The statutory calendar is checked against the official days off.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRegistryFiles, readSnapshotCsv } from '../../scripts/build-registry.ts';
import { daysOff, libraryHolidays, lunarNewYear } from '../../scripts/registry/calendar.ts';
import type { SnapshotFile } from '../../shared/registry/snapshot.ts';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const built = buildRegistryFiles(read, { calendar: false });
const file = (name: string): SnapshotFile => JSON.parse(built[`data/registry/${name}`]!);

describe('registry build from the national snapshots', () => {
  it('rebuilds the committed files byte for byte', () => {
    for (const [path, text] of Object.entries(built)) expect(text, path).toBe(read(path));
    expect(buildRegistryFiles(read, { calendar: false })).toEqual(built);
  });

  it('counts 63 provinces, 696 districts, 10,035 communes before; 34 provinces, no district, 3,321 communes after', () => {
    const before = file('units-until-2025-06-30.json');
    const after = file('units-from-2025-07-01.json');
    const count = (f: SnapshotFile, t: string) => f.units.filter((u) => u[2] === t).length;
    expect([count(before, 'p'), count(before, 'd'), count(before, 'c')]).toEqual([63, 696, 10_035]);
    expect([count(after, 'p'), count(after, 'd'), count(after, 'c')]).toEqual([34, 0, 3_321]);
    expect(before.counts).toEqual({ province: 63, district: 696, commune: 10_035 });
    expect(after.counts).toEqual({ province: 34, district: 0, commune: 3_321 });
  });

  it('spot-checks known codes: 870 under 87, 29992 Xã Long Thuận under 870 before; 82 with 102 communes after', () => {
    const before = file('units-until-2025-06-30.json').units;
    const after = file('units-from-2025-07-01.json').units;
    expect(before.find((u) => u[0] === '870')).toEqual(['870', 'Huyện Hồng Ngự', 'd', '87', ['82']]);
    expect(before.find((u) => u[0] === '29992')?.slice(0, 4)).toEqual(['29992', 'Xã Long Thuận', 'c', '870']);
    expect(before.find((u) => u[0] === '82')?.slice(0, 2)).toEqual(['82', 'Tỉnh Tiền Giang']);
    expect(after.find((u) => u[0] === '82')?.slice(0, 2)).toEqual(['82', 'Tỉnh Đồng Tháp']);
    expect(after.filter((u) => u[3] === '82')).toHaveLength(102);
    expect(after.find((u) => u[0] === '87')).toBeUndefined();
  });

  it('derives province successors from reused commune codes: 87 and 82 → 82; every old province has one of the 34', () => {
    const before = file('units-until-2025-06-30.json').units.filter((u) => u[2] === 'p');
    const after = new Set(
      file('units-from-2025-07-01.json')
        .units.filter((u) => u[2] === 'p')
        .map((u) => u[0]),
    );
    const succ = new Map(before.map((u) => [u[0], u[4]]));
    expect(succ.get('87')).toEqual(['82']);
    expect(succ.get('82')).toEqual(['82']);
    expect(succ.get('89')).toEqual(['91']); // An Giang merged into Kiên Giang's code
    expect(new Set([...succ.values()].map((s) => s![0]))).toEqual(after);
  });

  it('is sorted by code (provinces, then districts, then communes)', () => {
    for (const name of ['units-until-2025-06-30.json', 'units-from-2025-07-01.json']) {
      const c = file(name).units.map((u) => u[0]);
      expect(c).toEqual([...c].sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));
    }
  });

  it('refuses a snapshot row it cannot read rather than misread it', () => {
    expect(() => readSnapshotCsv('code,name,tier,parentCode\n870,"Huyện, Hồng Ngự",district,87\n', 'x.csv')).toThrow(/x.csv:2/);
    expect(() => readSnapshotCsv('code,name,tier\n', 'y.csv')).toThrow(/header/);
  });
});

/**
 * The official days off for civil servants (weekdays not worked; weekends aside), from
 * the Ministry of Labour, Invalids and Social Affairs' announcements of the Tết and
 * National Day holidays for 2021 and 2025 under Bộ luật Lao động 2019, Điều 112, and,
 * for 2025, the Prime Minister's agreement to swap Friday 02/05 for Saturday 26/04.
 */
const OFFICIAL = {
  2021: [
    '2021-01-01',
    '2021-02-10',
    '2021-02-11',
    '2021-02-12',
    '2021-02-15',
    '2021-02-16',
    '2021-04-21',
    '2021-04-30',
    '2021-05-03',
    '2021-09-02',
    '2021-09-03',
  ],
  2025: [
    '2025-01-01',
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-04-07',
    '2025-04-30',
    '2025-05-01',
    '2025-05-02',
    '2025-09-01',
    '2025-09-02',
  ],
};
const SWAPS_2025 = { daysOff: ['2025-05-02'], workingDays: ['2025-04-26'] };

describe('public holidays: date-holidays and the Labour Code rules against the official days off', () => {
  it('the library puts Tết by the lunar calendar: 12/02/2021 and 29/01/2025; Hùng Kings 21/04/2021 and 07/04/2025', () => {
    expect(lunarNewYear(2021)).toBe('2021-02-12');
    expect(lunarNewYear(2025)).toBe('2025-01-29');
    expect(libraryHolidays(2021).map((h) => h.date)).toContain('2021-04-21');
    expect(libraryHolidays(2025).map((h) => h.date)).toContain('2025-04-07');
  });

  it('2021: the computed days off are the official ones', () => {
    expect(daysOff(2021)).toEqual(OFFICIAL[2021]);
  });

  it('2025: the computed days off plus the announced swap are the official ones', () => {
    const computed = daysOff(2025);
    expect(computed).not.toContain('2025-05-02');
    expect([...computed, ...SWAPS_2025.daysOff].sort()).toEqual(OFFICIAL[2025]);
    const seed = JSON.parse(read('data/registry/registry.json'));
    for (const code of ['82', '87']) expect(seed.provinces.find((p: any) => p.code === code).deadline).toMatchObject(SWAPS_2025);
  });

  it('the committed calendar holds exactly those days for 2021 and 2025', () => {
    const cal: string[] = JSON.parse(read('data/registry/calendar.json')).daysOff;
    expect(cal.filter((d) => d.startsWith('2021-'))).toEqual(OFFICIAL[2021]);
    expect(cal.filter((d) => d.startsWith('2025-'))).toEqual(OFFICIAL[2025].filter((d) => d !== '2025-05-02'));
    expect(cal.length).toBeGreaterThan(100 * 10);
  });
});

/**
 * `npm run registry:build`: turns the two national snapshots under data/vn-units/ into
 * the registry's data files under data/registry/ (compact, sorted, deterministic; the
 * same inputs give the same bytes):
 *   units-until-2025-06-30.json, units-from-2025-07-01.json  one unit per line
 *   calendar.json                                            statutory days off, 2000-2099
 * The hand-written configuration (data/registry/registry.json) is not touched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compareUnitCodes } from '../shared/format/vi.ts';
import { SNAPSHOTS, type SnapshotFile, type SnapshotRow, type TierLetter } from '../shared/registry/snapshot.ts';
import { CALENDAR_YEARS, calendar } from './registry/calendar.ts';

const root = new URL('../', import.meta.url);
const TIERS: Record<string, TierLetter> = { province: 'p', district: 'd', commune: 'c' };

interface CsvUnit {
  code: string;
  name: string;
  tier: TierLetter;
  parent: string | null;
}

/** The snapshots are plain CSV without quoting; anything else is refused rather than misread. */
export function readSnapshotCsv(text: string, file: string): CsvUnit[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  if (lines[0] !== 'code,name,tier,parentCode') throw new Error(`${file}: unexpected header ${lines[0]}`);
  return lines.slice(1).map((line, i) => {
    const f = line.split(',');
    if (f.length !== 4 || line.includes('"')) throw new Error(`${file}:${i + 2}: expected 4 unquoted fields`);
    const [code, name, tier, parent] = f as [string, string, string, string];
    const t = TIERS[tier];
    if (!/^\d{2}$|^\d{3}$|^\d{5}$/.test(code) || !t || !name.trim()) throw new Error(`${file}:${i + 2}: bad row ${line}`);
    return { code, name: name.normalize('NFC').trim(), tier: t, parent: parent || null };
  });
}

/** The province a unit sits under within one snapshot. */
function provinceOf(byCode: Map<string, CsvUnit>, u: CsvUnit): string {
  let cur: CsvUnit | undefined = u;
  for (let hops = 0; cur && hops < 5; hops++) {
    if (cur.tier === 'p') return cur.code;
    cur = cur.parent ? byCode.get(cur.parent) : undefined;
  }
  throw new Error(`unit ${u.code} has no province`);
}

/**
 * Province successors, derived from the data: a new commune keeps the code of one of the
 * communes merged into it, so each old province's reused commune codes point to the new
 * province that absorbed it. Every old province must point to exactly one.
 */
export function deriveSuccessors(before: CsvUnit[], after: CsvUnit[]): { provinces: Map<string, string>; communes: Map<string, string> } {
  const oldBy = new Map(before.map((u) => [u.code, u]));
  const newBy = new Map(after.map((u) => [u.code, u]));
  const votes = new Map<string, Map<string, number>>();
  const communes = new Map<string, string>();
  for (const n of after) {
    if (n.tier !== 'c') continue;
    const o = oldBy.get(n.code);
    if (o?.tier !== 'c') continue;
    communes.set(o.code, n.code);
    const from = provinceOf(oldBy, o);
    const to = provinceOf(newBy, n);
    const v = votes.get(from) ?? new Map<string, number>();
    v.set(to, (v.get(to) ?? 0) + 1);
    votes.set(from, v);
  }
  const provinces = new Map<string, string>();
  for (const p of before.filter((u) => u.tier === 'p')) {
    const v = votes.get(p.code);
    if (v?.size !== 1)
      throw new Error(`province ${p.code}: reused commune codes point to ${v ? [...v.keys()].join(', ') : 'no new province'}`);
    provinces.set(p.code, [...v.keys()][0]!);
  }
  return { provinces, communes };
}

const byCode = (a: { code: string }, b: { code: string }) => compareUnitCodes(a.code, b.code);

function snapshotFile(meta: (typeof SNAPSHOTS)[number], units: CsvUnit[], successors: Map<string, string[]>): SnapshotFile {
  const counts = { province: 0, district: 0, commune: 0 };
  for (const u of units) counts[u.tier === 'p' ? 'province' : u.tier === 'd' ? 'district' : 'commune']++;
  const rows: SnapshotRow[] = [...units].sort(byCode).map((u) => {
    const s = successors.get(u.code);
    return s ? [u.code, u.name, u.tier, u.parent, s] : [u.code, u.name, u.tier, u.parent];
  });
  return { snapshot: meta.id, source: `data/vn-units/${meta.csv}`, validFrom: meta.validFrom, validTo: meta.validTo, counts, units: rows };
}

/** One unit per line: small diffs when the national list changes, and still plain JSON. */
function serialise(f: SnapshotFile): string {
  const { units, ...head } = f;
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "units": [\n${units.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]\n}\n`;
}

export function buildRegistryFiles(
  read: (path: string) => string = (p) => readFileSync(new URL(p, root), 'utf8'),
  o: { calendar?: boolean } = {},
): Record<string, string> {
  const [beforeMeta, afterMeta] = SNAPSHOTS;
  const before = readSnapshotCsv(read(`data/vn-units/${beforeMeta.csv}`), beforeMeta.csv);
  const after = readSnapshotCsv(read(`data/vn-units/${afterMeta.csv}`), afterMeta.csv);
  const { provinces, communes } = deriveSuccessors(before, after);
  const oldBy = new Map(before.map((u) => [u.code, u]));
  const successors = new Map<string, string[]>();
  for (const u of before) {
    // Provinces and districts (dissolved: their territory went to the new province), and
    // communes whose code a new commune took over.
    if (u.tier === 'c') {
      const c = communes.get(u.code);
      if (c) successors.set(u.code, [c]);
    } else successors.set(u.code, [provinces.get(provinceOf(oldBy, u))!]);
  }
  const files: Record<string, string> = {
    [`data/registry/${beforeMeta.file}`]: serialise(snapshotFile(beforeMeta, before, successors)),
    [`data/registry/${afterMeta.file}`]: serialise(snapshotFile(afterMeta, after, new Map())),
  };
  if (o.calendar === false) return files;
  return {
    ...files,
    'data/registry/calendar.json': `${JSON.stringify(
      {
        description:
          'Ngày nghỉ lễ, Tết của cán bộ, công chức (Bộ luật Lao động 2019, Điều 112), tính bằng thư viện date-holidays; đã gồm ngày nghỉ bù. Ngày nghỉ thêm, ngày làm bù theo thông báo hằng năm: cấu hình của tỉnh.',
        years: CALENDAR_YEARS,
        daysOff: calendar(),
      },
      null,
      0,
    )
      .replace(/,"daysOff":\[/, ',\n"daysOff":[\n')
      .replace(/","/g, '",\n"')}\n`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  const files = buildRegistryFiles();
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(new URL(path, root), text);
    console.log(`${path}: ${Buffer.byteLength(text).toLocaleString('en')} bytes`);
  }
  console.log(`Built in ${Math.round(performance.now() - t0)} ms.`);
}

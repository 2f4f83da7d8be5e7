/**
 * Totals by indicator code, driven by the forms' indicator definitions: each code is
 * totalled by its aggregation rule across the units whose form has it, level by level
 * and by breakdown row (list option, sub-unit). Nothing here names an indicator: codes,
 * labels, levels and lists all come from the forms.
 *
 * - A unit whose form lacks an indicator, or a level (by the form, or by the level's
 *   tiers), is absent: it is not in the total and is named in the coverage, never
 *   counted as zero.
 * - Units on different forms or form versions are totalled together only under the same
 *   code; the definition (label, rule, levels) is the catalogue's: the first form, by id
 *   then newest version, that defines the code.
 */
import type { Breakdown, FormDef, IndicatorDef, SectionDef } from '../forms/model.ts';
import type { CellBody, FormSummary, ValueBody } from '../forms/body.ts';
import { compareUnitCodes as compareCodes } from '../format/vi.ts';
import type { BreakdownTotal, Coverage, IndicatorTotal, UnitValue } from './schema.ts';

export const formKey = (f: { id: string; version: number }) => `${f.id}@${f.version}`;

/** One reporting unit as the aggregation sees it. */
export interface UnitInput {
  code: string;
  name: string;
  /** The registry kind, which is the form tier (level breakdowns may apply to some tiers only). */
  tier: string;
  summary: FormSummary;
  /** The unit's own form, when the service knows it. */
  form: FormDef | undefined;
}

/** The indicators of the forms in use, in catalogue order (forms by id, newest version first). */
export interface Catalogue {
  defs: IndicatorDef[];
  /** code → the forms (id@version) that define it. */
  forms: Map<string, string[]>;
  /** code → the catalogue form, for list labels. */
  owner: Map<string, FormDef>;
}

export function catalogue(forms: readonly FormDef[]): Catalogue {
  const sorted = [...forms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : b.version - a.version));
  const defs: IndicatorDef[] = [];
  const owner = new Map<string, FormDef>();
  const where = new Map<string, string[]>();
  for (const f of sorted)
    for (const d of f.indicators) {
      if (!owner.has(d.code)) {
        owner.set(d.code, f);
        defs.push(d);
      }
      const list = where.get(d.code) ?? [];
      list.push(formKey(f));
      where.set(d.code, list);
    }
  for (const list of where.values()) list.sort();
  return { defs, forms: where, owner };
}

const NUMERIC = new Set(['count', 'percent', 'decimal']);

const levelBreakdown = (d: IndicatorDef) => d.breakdowns.find((b): b is Extract<Breakdown, { kind: 'level' }> => b.kind === 'level');

/** The level keys a unit of this tier has for the indicator in its own form. */
function levelsFor(d: IndicatorDef, tier: string): string[] {
  const lb = levelBreakdown(d);
  if (!lb) return [];
  return lb.levels.filter((l) => !l.tiers || (l.tiers as string[]).includes(tier)).map((l) => l.key);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A cell's value if it has the indicator's type. */
function typed(d: IndicatorDef, v: CellBody['value']): number | boolean | string | null {
  if (v === undefined || v === null) return null;
  if (NUMERIC.has(d.type)) return num(v);
  if (d.type === 'boolean') return typeof v === 'boolean' ? v : null;
  return typeof v === 'string' ? v : null;
}

/**
 * A unit's value of an indicator in its own form: the total cell as given, or, for a
 * summed count given only by level, the sum of its levels; levels the unit's tier has.
 */
export function unitValue(d: IndicatorDef, vb: ValueBody | undefined, tier: string): UnitValue {
  const keys = levelsFor(d, tier);
  let value = typed(d, vb?.value);
  let levels: Record<string, number | null> | undefined;
  if (keys.length > 0) {
    levels = {};
    let sum: number | null = null;
    for (const k of keys) {
      const lv = NUMERIC.has(d.type) ? num(vb?.levels?.[k]?.value) : null;
      levels[k] = lv;
      if (lv !== null) sum = (sum ?? 0) + lv;
    }
    if (value === null && d.aggregate.kind === 'sum' && d.type === 'count') value = sum;
  }
  const q = d.qualifier && typeof vb?.qualifier === 'string' && vb.qualifier.trim() ? vb.qualifier.trim() : undefined;
  return { value, ...(levels ? { levels } : {}), ...(q ? { qualifier: q } : {}) };
}

/** Every indicator of the unit's form, by code. An unknown form gives none. */
export function unitValues(u: UnitInput): Record<string, UnitValue> {
  const out: Record<string, UnitValue> = {};
  if (!u.form) return out;
  for (const d of u.form.indicators) out[d.code] = unitValue(d, u.summary.values[d.code], u.tier);
  return out;
}

class Acc {
  n = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  yes = 0;
  add(v: number): void {
    this.n++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

function result(kind: string, a: Acc): number | null {
  if (a.n === 0) return null;
  if (kind === 'sum') return round(a.sum, 6);
  if (kind === 'min') return a.min;
  if (kind === 'max') return a.max;
  if (kind === 'countYes') return a.yes;
  return null;
}

function coverage(covered: Set<string>, reporting: readonly UnitInput[]): Coverage {
  return { units: covered.size, of: reporting.length, notCovered: reporting.filter((u) => !covered.has(u.code)).map((u) => u.code) };
}

/** Field names as written vary in case and spacing: one key per sub-unit name. */
const nameKey = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const spelling = (s: string) => s.replace(/\s+/g, ' ').trim();

interface RowAcc {
  key: string;
  label: string;
  subunit: string | null;
  acc: Acc;
  units: Map<string, number>;
}

type BreakdownRows = NonNullable<CellBody['breakdown']>[string];
type RowBreakdown = Extract<Breakdown, { kind: 'list' | 'subunit' }>;

/** Per form, code and tier: the unit's levels and its row breakdowns (computed once, not per unit). */
const shapes = new WeakMap<object, Map<string, { levels: string[]; rows: RowBreakdown[] }>>();
function shapeOf(form: FormDef | undefined, fallback: IndicatorDef, tier: string): { levels: string[]; rows: RowBreakdown[] } {
  const owner = form ?? fallback;
  let byKey = shapes.get(owner);
  if (!byKey) {
    byKey = new Map();
    shapes.set(owner, byKey);
  }
  const key = `${fallback.code}|${tier}`;
  let shape = byKey.get(key);
  if (!shape) {
    const own = form?.indicators.find((x) => x.code === fallback.code) ?? fallback;
    shape = { levels: levelsFor(own, tier), rows: own.breakdowns.filter((b): b is RowBreakdown => b.kind !== 'level') };
    byKey.set(key, shape);
  }
  return shape;
}

/** Option labels by list and key, per form. */
const optionLabels = new WeakMap<FormDef, Map<string, string>>();
function optionLabel(form: FormDef | undefined, list: string, key: string): string | undefined {
  if (!form) return undefined;
  let labels = optionLabels.get(form);
  if (!labels) {
    labels = new Map(form.lists.flatMap((l) => l.options.map((o) => [`${l.id}|${o.key}`, o.label] as const)));
    optionLabels.set(form, labels);
  }
  return labels.get(`${list}|${key}`);
}

/**
 * The province totals of every indicator of the catalogue over the reporting units.
 * `values` holds each unit's values as unitValues gave them (computed once per unit).
 */
export function indicatorTotals(
  cat: Catalogue,
  reporting: readonly UnitInput[],
  values: ReadonlyMap<string, Record<string, UnitValue>>,
): IndicatorTotal[] {
  const out: IndicatorTotal[] = [];
  for (const d of cat.defs) {
    const kind = d.aggregate.kind;
    const total = new Acc();
    const covered = new Set<string>();
    const qualifiers = new Map<string, number>();
    const lb = levelBreakdown(d);
    const levelKeys = lb ? lb.levels.map((l) => l.key) : [];
    const levelAcc = new Map(levelKeys.map((k) => [k, { acc: new Acc(), covered: new Set<string>(), num: 0, den: 0 }]));
    let ratioNum = 0;
    let ratioDen = 0;
    const groups = new Map<
      string,
      { b: Extract<Breakdown, { kind: 'list' | 'subunit' }>; level: string | null; rows: Map<string, RowAcc> }
    >();
    const aggregatesRows = kind === 'sum' || kind === 'min' || kind === 'max';

    for (const u of reporting) {
      const uv = values.get(u.code);
      const v = uv?.[d.code];
      if (!v) continue;
      if (kind === 'ratio') {
        const { numerator, denominator } = d.aggregate as { numerator: string; denominator: string };
        const n = uv[numerator];
        const dn = uv[denominator];
        const nv = num(n?.value);
        const dv = num(dn?.value);
        if (nv !== null && dv !== null) {
          covered.add(u.code);
          ratioNum += nv;
          ratioDen += dv;
        }
        for (const [k, la] of levelAcc) {
          const ln = n?.levels?.[k];
          const ld = dn?.levels?.[k];
          if (typeof ln === 'number' && typeof ld === 'number') {
            la.covered.add(u.code);
            la.num += ln;
            la.den += ld;
          }
        }
      } else if (v.value !== null) {
        covered.add(u.code);
        if (v.qualifier) qualifiers.set(v.qualifier, (qualifiers.get(v.qualifier) ?? 0) + 1);
        if (kind === 'countYes') {
          total.n++;
          if (v.value === true) total.yes++;
        } else if (typeof v.value === 'number') total.add(v.value);
      }
      if (kind !== 'ratio' && v.levels)
        for (const k in v.levels) {
          const lv = v.levels[k];
          const la = levelAcc.get(k);
          if (!la || lv === null || lv === undefined) continue;
          la.covered.add(u.code);
          la.acc.add(lv);
        }
      if (!aggregatesRows) continue;
      // Breakdown rows: from the unit's own form's breakdowns of this code, matched by id.
      const shape = shapeOf(u.form, d, u.tier);
      if (shape.rows.length === 0) continue;
      const vb = u.summary.values[d.code];
      if (!vb) continue;
      for (const b of shape.rows) {
        const id = b.id;
        const add = (level: string | null, rows: BreakdownRows | undefined) => {
          if (!rows) return;
          const gk = `${id}|${level ?? ''}`;
          let g = groups.get(gk);
          if (!g) {
            g = { b: (d.breakdowns.find((x) => x.kind !== 'level' && x.id === id) ?? b) as never, level, rows: new Map() };
            groups.set(gk, g);
          }
          for (const row of rows) {
            const value = num(row.value);
            if (value === null) continue;
            let key: string;
            let label: string;
            let subunit: string | null = null;
            if ('key' in row) {
              key = row.key;
              label = (b.kind === 'list' ? optionLabel(u.form, b.list, row.key) : undefined) ?? row.key;
            } else {
              subunit = row.unit ?? null;
              key = `${u.code}|${subunit ? `c:${subunit}` : `n:${nameKey(row.name)}`}`;
              label = spelling(row.name);
            }
            let r = g.rows.get(key);
            if (!r) {
              r = { key, label, subunit, acc: new Acc(), units: new Map() };
              g.rows.set(key, r);
            }
            r.acc.add(value);
            // A unit that lists the same row twice counts both.
            r.units.set(u.code, (r.units.get(u.code) ?? 0) + value);
          }
        };
        add(null, vb.breakdown?.[id]);
        if (vb.levels) for (const k of shape.levels) add(k, vb.levels[k]?.breakdown?.[id]);
      }
    }

    const ratio = (n: number, dn: number, c: Set<string>) => (c.size > 0 && dn > 0 ? round((100 * n) / dn) : null);
    const levels = (lb?.levels ?? []).map((l) => {
      const la = levelAcc.get(l.key)!;
      return {
        key: l.key,
        label: l.label,
        total: kind === 'ratio' ? ratio(la.num, la.den, la.covered) : kind === 'countYes' || kind === 'none' ? null : result(kind, la.acc),
        coverage: coverage(la.covered, reporting),
      };
    });
    const breakdowns: BreakdownTotal[] = [...groups.values()]
      .map((g) => ({
        id: g.b.id,
        label: g.b.label,
        kind: g.b.kind,
        level: g.level,
        levelLabel: g.level === null ? null : (lb?.levels.find((l) => l.key === g.level)?.label ?? g.level),
        rows: [...g.rows.values()]
          .map((r) => ({
            key: r.key,
            label: r.label,
            subunit: r.subunit,
            total: result(kind, r.acc) ?? 0,
            units: [...r.units.entries()].sort((a, b) => compareCodes(a[0], b[0])).map(([code, value]) => ({ code, value })),
          }))
          .sort((a, b) => b.total - a.total || cmp(a.label, b.label) || cmp(a.key, b.key)),
      }))
      .sort(
        (a, b) => breakdownRank(d, a.id) - breakdownRank(d, b.id) || levelKeys.indexOf(a.level ?? '') - levelKeys.indexOf(b.level ?? ''),
      );

    out.push({
      code: d.code,
      label: d.label,
      shortLabel: d.shortLabel ?? null,
      unit: d.unit ?? null,
      type: d.type,
      aggregate: kind,
      forms: cat.forms.get(d.code) ?? [],
      total: kind === 'ratio' ? ratio(ratioNum, ratioDen, covered) : result(kind, total),
      coverage: coverage(covered, reporting),
      qualifiers: [...qualifiers.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([text, units]) => ({ text, units })),
      levels,
      breakdowns,
    });
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const breakdownRank = (d: IndicatorDef, id: string) => d.breakdowns.findIndex((b) => b.kind !== 'level' && b.id === id);

/** National statistics code order, re-exported for the rollup's sorts. */
export { compareCodes };

// ---------------------------------------------------------------------------
// Field labels for the data-quality sheet: a warning's JSON path, said in the form's words.

function findSection(sections: readonly SectionDef[], id: string): SectionDef | undefined {
  for (const s of sections) {
    if (s.id === id) return s;
    const c = findSection(s.children, id);
    if (c) return c;
  }
  return undefined;
}

/** The parts of a report outside the form's sections, as the document names them. */
const PART_LABEL: Record<string, string> = {
  form: 'Biểu mẫu báo cáo',
  header: 'Phần đầu văn bản',
  legalBasis: 'Căn cứ báo cáo',
  introduction: 'Phần mở đầu',
  closing: 'Phần kết',
  distribution: 'Nơi nhận',
  signature: 'Chữ ký',
};

/** "$.values.X.levels.commune.value" → "Số hồ sơ trễ hạn (Cấp xã)"; a section path → its title. */
export function fieldLabel(path: string, form: FormDef | undefined): string {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/[.[\]]+/)
    .filter(Boolean);
  const [head, id, ...rest] = parts;
  if (head === 'values' && id) {
    const d = form?.indicators.find((x) => x.code === id);
    if (!d) return 'Số liệu báo cáo';
    const li = rest.indexOf('levels');
    const levelKey = li >= 0 ? rest[li + 1] : undefined;
    const level = levelKey ? levelBreakdown(d)?.levels.find((l) => l.key === levelKey)?.label : undefined;
    const bi = rest.indexOf('breakdown');
    const bId = bi >= 0 ? rest[bi + 1] : undefined;
    const b = bId ? d.breakdowns.find((x) => x.kind !== 'level' && x.id === bId) : undefined;
    const extra = [level, b && 'label' in b ? b.label : undefined].filter(Boolean);
    return extra.length ? `${d.label} (${extra.join(', ')})` : d.label;
  }
  if (head === 'sections' && id) return findSection(form?.outline ?? [], id)?.title ?? 'Nội dung báo cáo';
  return (head && PART_LABEL[head]) ?? 'Nội dung báo cáo';
}

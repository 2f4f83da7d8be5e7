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

type RowBreakdown = Extract<Breakdown, { kind: 'list' | 'subunit' }>;

/** An indicator of one form as a unit of one tier fills it: computed once per form and tier, not per unit. */
interface Shape {
  def: IndicatorDef;
  /** The level keys the tier has. */
  levels: string[];
  rows: RowBreakdown[];
}

const shapeCache = new WeakMap<FormDef, Map<string, Shape[]>>();
function shapesOf(form: FormDef, tier: string): Shape[] {
  let byTier = shapeCache.get(form);
  if (!byTier) {
    byTier = new Map();
    shapeCache.set(form, byTier);
  }
  let shapes = byTier.get(tier);
  if (!shapes) {
    shapes = form.indicators.map((def) => ({
      def,
      levels: levelsFor(def, tier),
      rows: def.breakdowns.filter((b): b is RowBreakdown => b.kind !== 'level'),
    }));
    byTier.set(tier, shapes);
  }
  return shapes;
}

function shapeValue({ def: d, levels: keys }: Shape, vb: ValueBody | undefined): UnitValue {
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
  // Built property by property (value, levels, qualifier): no spread objects for each of a unit's forty values.
  const out: UnitValue = { value };
  if (levels) out.levels = levels;
  if (d.qualifier && typeof vb?.qualifier === 'string') {
    const q = vb.qualifier.trim();
    if (q) out.qualifier = q;
  }
  return out;
}

/**
 * A unit's value of an indicator in its own form: the total cell as given, or, for a
 * summed count given only by level, the sum of its levels; levels the unit's tier has.
 */
export function unitValue(d: IndicatorDef, vb: ValueBody | undefined, tier: string): UnitValue {
  return shapeValue({ def: d, levels: levelsFor(d, tier), rows: [] }, vb);
}

/** Every indicator of the unit's form, by code. An unknown form gives none. */
export function unitValues(u: UnitInput): Record<string, UnitValue> {
  const out: Record<string, UnitValue> = {};
  if (!u.form) return out;
  for (const shape of shapesOf(u.form, u.tier)) out[shape.def.code] = shapeValue(shape, u.summary.values[shape.def.code]);
  return out;
}

class Acc {
  n = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
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
  return null;
}

function coverage(covered: Set<string>, reporting: readonly UnitInput[]): Coverage {
  return { units: covered.size, of: reporting.length, notCovered: reporting.filter((u) => !covered.has(u.code)).map((u) => u.code) };
}

/** Field names as written vary in case and spacing: one key per sub-unit name. */
const nameKey = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const spelling = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A part of a ratio (100 × Σ numerator / Σ denominator) over the units that give both. */
class RatioAcc {
  num = 0;
  den = 0;
  readonly covered = new Set<string>();
  add(unit: string, n: number, d: number): void {
    this.covered.add(unit);
    this.num += n;
    this.den += d;
  }
  total(): number | null {
    return this.covered.size > 0 && this.den > 0 ? round((100 * this.num) / this.den) : null;
  }
}

interface RowAcc {
  key: string;
  label: string;
  /** The unit the label was taken from: the first by code, whatever order units come in. */
  labelFrom: string;
  subunit: string | null;
  acc: Acc;
  units: Map<string, number>;
}

interface RowGroup {
  /** The breakdown as the first unit (by code) defined it; the catalogue's definition wins at the end. */
  b: RowBreakdown;
  from: string;
  level: string | null;
  rows: Map<string, RowAcc>;
}

/** What the units gave for one indicator code, by each unit's own form; the catalogue's rule is applied at the end. */
class CodeAcc {
  /** Numeric values. */
  readonly total = new Acc();
  /** Values given (any type), and how many were yes. */
  given = 0;
  yes = 0;
  readonly covered = new Set<string>();
  readonly ratio = new RatioAcc();
  readonly qualifiers = new Map<string, number>();
  readonly levels = new Map<string, { acc: Acc; covered: Set<string>; ratio: RatioAcc }>();
  readonly groups = new Map<string, RowGroup>();

  level(key: string) {
    let la = this.levels.get(key);
    if (!la) {
      la = { acc: new Acc(), covered: new Set(), ratio: new RatioAcc() };
      this.levels.set(key, la);
    }
    return la;
  }
}

type BreakdownRows = NonNullable<CellBody['breakdown']>[string];

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

const ROW_KINDS = new Set(['sum', 'min', 'max']);

/**
 * The province totals, accumulated unit by unit (a page of reports at a time, in any
 * order: every list is sorted at the end and ties go to the lowest unit code). Each
 * unit's values are read by its own form's definition of the code (its levels, its
 * breakdown rows, a ratio's parts); `totals` then applies the catalogue's definition
 * (label, rule, level and breakdown order) to what was gathered.
 */
export class TotalsAccumulator {
  private readonly byCode = new Map<string, CodeAcc>();

  private code(c: string): CodeAcc {
    let a = this.byCode.get(c);
    if (!a) {
      a = new CodeAcc();
      this.byCode.set(c, a);
    }
    return a;
  }

  /** One reporting unit, with its values as unitValues gave them. Each unit is added once. */
  add(u: UnitInput, uv: Record<string, UnitValue>): void {
    if (!u.form) return;
    for (const shape of shapesOf(u.form, u.tier)) {
      const d = shape.def;
      const v = uv[d.code];
      if (!v) continue;
      const a = this.code(d.code);
      if (d.aggregate.kind === 'ratio') {
        const n = uv[d.aggregate.numerator];
        const dn = uv[d.aggregate.denominator];
        const nv = num(n?.value);
        const dv = num(dn?.value);
        if (nv !== null && dv !== null) a.ratio.add(u.code, nv, dv);
        for (const k of shape.levels) {
          const ln = n?.levels?.[k];
          const ld = dn?.levels?.[k];
          if (typeof ln === 'number' && typeof ld === 'number') a.level(k).ratio.add(u.code, ln, ld);
        }
        continue;
      }
      if (v.value !== null) {
        a.covered.add(u.code);
        a.given++;
        if (v.value === true) a.yes++;
        if (v.qualifier) a.qualifiers.set(v.qualifier, (a.qualifiers.get(v.qualifier) ?? 0) + 1);
        if (typeof v.value === 'number') a.total.add(v.value);
      }
      if (v.levels)
        for (const k in v.levels) {
          const lv = v.levels[k];
          if (lv === null || lv === undefined) continue;
          const la = a.level(k);
          la.covered.add(u.code);
          la.acc.add(lv);
        }
      if (shape.rows.length === 0 || !ROW_KINDS.has(d.aggregate.kind)) continue;
      const vb = u.summary.values[d.code];
      if (!vb) continue;
      for (const b of shape.rows) {
        this.rows(a, u, b, null, vb.breakdown?.[b.id]);
        if (vb.levels) for (const k of shape.levels) this.rows(a, u, b, k, vb.levels[k]?.breakdown?.[b.id]);
      }
    }
  }

  /** Breakdown rows: from the unit's own form's breakdown, matched to the catalogue's by id. */
  private rows(a: CodeAcc, u: UnitInput, b: RowBreakdown, level: string | null, rows: BreakdownRows | undefined): void {
    if (!rows) return;
    const gk = `${b.id}|${level ?? ''}`;
    let g = a.groups.get(gk);
    if (!g) {
      g = { b, from: u.code, level, rows: new Map() };
      a.groups.set(gk, g);
    } else if (compareCodes(u.code, g.from) < 0) {
      g.b = b;
      g.from = u.code;
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
        r = { key, label, labelFrom: u.code, subunit, acc: new Acc(), units: new Map() };
        g.rows.set(key, r);
      } else if (compareCodes(u.code, r.labelFrom) < 0) {
        r.label = label;
        r.labelFrom = u.code;
      }
      r.acc.add(value);
      // A unit that lists the same row twice counts both.
      r.units.set(u.code, (r.units.get(u.code) ?? 0) + value);
    }
  }

  /** Every indicator of the catalogue, totalled by its rule over the reporting units (in code order). */
  totals(cat: Catalogue, reporting: readonly UnitInput[]): IndicatorTotal[] {
    const none = new CodeAcc();
    return cat.defs.map((d) => {
      const kind = d.aggregate.kind;
      const a = this.byCode.get(d.code) ?? none;
      const lb = levelBreakdown(d);
      const levelKeys = lb ? lb.levels.map((l) => l.key) : [];
      const levels = (lb?.levels ?? []).map((l) => {
        const la = a.levels.get(l.key);
        const covered = (kind === 'ratio' ? la?.ratio.covered : la?.covered) ?? new Set<string>();
        return {
          key: l.key,
          label: l.label,
          total: !la ? null : kind === 'ratio' ? la.ratio.total() : result(kind, la.acc),
          coverage: coverage(covered, reporting),
        };
      });
      const breakdowns: BreakdownTotal[] = !ROW_KINDS.has(kind)
        ? []
        : [...a.groups.values()]
            .map((g) => {
              const b = (d.breakdowns.find((x) => x.kind !== 'level' && x.id === g.b.id) ?? g.b) as RowBreakdown;
              return {
                id: b.id,
                label: b.label,
                kind: b.kind,
                level: g.level,
                levelLabel: g.level === null ? null : (lb?.levels.find((l) => l.key === g.level)?.label ?? g.level),
                rows: [...g.rows.values()]
                  .map((r) => ({
                    key: r.key,
                    label: r.label,
                    subunit: r.subunit,
                    total: result(kind, r.acc) ?? 0,
                    units: [...r.units.entries()].sort((x, y) => compareCodes(x[0], y[0])).map(([code, value]) => ({ code, value })),
                  }))
                  .sort((x, y) => y.total - x.total || cmp(x.label, y.label) || cmp(x.key, y.key)),
              };
            })
            .sort(
              (x, y) =>
                breakdownRank(d, x.id) - breakdownRank(d, y.id) || levelKeys.indexOf(x.level ?? '') - levelKeys.indexOf(y.level ?? ''),
            );
      return {
        code: d.code,
        label: d.label,
        shortLabel: d.shortLabel ?? null,
        unit: d.unit ?? null,
        type: d.type,
        aggregate: kind,
        forms: cat.forms.get(d.code) ?? [],
        total: kind === 'ratio' ? a.ratio.total() : kind === 'countYes' ? (a.given > 0 ? a.yes : null) : result(kind, a.total),
        coverage: coverage(kind === 'ratio' ? a.ratio.covered : a.covered, reporting),
        qualifiers: [...a.qualifiers.entries()].sort((x, y) => y[1] - x[1] || cmp(x[0], y[0])).map(([text, units]) => ({ text, units })),
        levels,
        breakdowns,
      };
    });
  }
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

/** Field-by-field differences between two report bodies (leaf values, in document order). */
export interface Change {
  path: (string | number)[];
  before: unknown;
  after: unknown;
}

function leaves(v: unknown, path: (string | number)[], out: Map<string, { path: (string | number)[]; value: unknown }>): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(JSON.stringify(path), { path, value: undefined });
    v.forEach((x, i) => leaves(x, [...path, i], out));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  } else out.set(JSON.stringify(path), { path, value: v });
}

export function diffBodies(a: unknown, b: unknown): Change[] {
  const la = new Map<string, { path: (string | number)[]; value: unknown }>();
  const lb = new Map<string, { path: (string | number)[]; value: unknown }>();
  leaves(a, [], la);
  leaves(b, [], lb);
  const out: Change[] = [];
  for (const [k, x] of la) {
    const y = lb.get(k);
    if (!y || y.value !== x.value) {
      if (x.value === undefined && y?.value === undefined) continue;
      out.push({ path: x.path, before: x.value, after: y?.value });
    }
  }
  for (const [k, y] of lb) if (!la.has(k) && y.value !== undefined) out.push({ path: y.path, before: undefined, after: y.value });
  return out.filter((c) => !(c.before === undefined && c.after === undefined));
}

export const shown = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '(trống)' : v === true ? 'Có' : v === false ? 'Không' : String(v);

/** Every leaf of a body (values, and empty lists) in document order: the fields a reviewer may comment on. */
export function leafValues(body: unknown): { path: (string | number)[]; value: unknown }[] {
  const out = new Map<string, { path: (string | number)[]; value: unknown }>();
  leaves(body, [], out);
  return [...out.values()];
}

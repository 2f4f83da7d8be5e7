/** JSON paths into a report body: reading, immutable writing, and the server's path text. */
export type Path = readonly (string | number)[];

/** "$.sections.direction.paragraphs[0]": the format of the API's error details. */
export function pathKey(path: Path): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** The segments of a path text (inverse of pathKey). */
export function parseKey(key: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of key.matchAll(re)) out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  return out;
}

/** A DOM id for the input at a path. */
export const fieldId = (path: Path) => `f-${path.map((s) => String(s).replace(/[^A-Za-z0-9_]/g, '_')).join('-')}`;

export function getIn(obj: unknown, path: Path): any {
  let cur: any = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

/** A copy of obj with the value at path replaced (undefined deletes an object key). */
export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base: any = obj !== null && typeof obj === 'object' ? obj : typeof head === 'number' ? [] : {};
  const copy: any = Array.isArray(base) ? [...base] : { ...base };
  const next = setIn(copy[head as any], rest, value);
  if (next === undefined && !Array.isArray(copy)) delete copy[head as any];
  else copy[head as any] = next;
  return copy;
}

/** A copy with the array element at path removed. */
export function removeAt<T>(obj: T, arrayPath: Path, index: number): T {
  const arr = getIn(obj, arrayPath);
  if (!Array.isArray(arr)) return obj;
  return setIn(
    obj,
    arrayPath,
    arr.filter((_, i) => i !== index),
  );
}

/** Drops undefined keys and empty objects under `values` (a cleared cell is no value). */
export function prune(body: any): any {
  const clean = (v: any): any => {
    if (Array.isArray(v)) return v.map(clean);
    if (v === null || typeof v !== 'object') return v;
    const out: any = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      out[k] = clean(x);
    }
    return out;
  };
  const out = clean(body);
  if (out && typeof out.values === 'object' && out.values) {
    const dropEmpty = (o: any): boolean => {
      if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
      for (const k of Object.keys(o)) if (dropEmpty(o[k])) delete o[k];
      return Object.keys(o).length === 0;
    };
    for (const code of Object.keys(out.values)) if (dropEmpty(out.values[code])) delete out.values[code];
  }
  return out;
}

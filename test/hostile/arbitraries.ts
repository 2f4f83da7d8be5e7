/**
 * fast-check generators of hostile input: raw JSON text (deep nesting, huge arrays,
 * long strings, numbers at the edges, NaN-like strings, `__proto__`/`constructor`
 * keys, duplicate keys, invalid UTF-8), mutations of the valid example, Vietnamese
 * text in several Unicode normalisation forms, headers and path segments.
 */
import fc from 'fast-check';
import { example } from '../support/app.ts';

// ---------------------------------------------------------------- text that must never be stored

/** Where this checkout lives on disk: no answer may name it (wherever the repository is cloned). */
const REPO_PATH = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Patterns that betray internals: stack frames, source files, SDK and AWS names. */
export const LEAK_PATTERNS: readonly [string, RegExp][] = [
  ['stack frame', / {4}at /],
  ['source location', /\.(?:ts|js|mjs|cjs):\d+/],
  ['node_modules', /node_modules/],
  ['TypeError', /TypeError/],
  ['ReferenceError', /ReferenceError/],
  ['SyntaxError', /SyntaxError/],
  ['RangeError', /RangeError/],
  ['DynamoDB', /DynamoDB/i],
  ['ConditionalCheckFailed', /ConditionalCheckFailed/],
  ['TransactionCanceled', /TransactionCanceled/],
  ['ValidationException', /ValidationException/],
  ['S3', /S3/],
  ['repository path', new RegExp(REPO_PATH.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  ['file://', /file:\/\//],
  ['[object Object]', /\[object Object\]/],
  ['Error:', /Error:/],
];

/** Seeded reports carry `MARK-<unit>` so a body can be checked for another unit's data. */
export const MARKER = /MARK-(\d+)/g;
export const marker = (unit: string) => `MARK-${unit}`;

/** Generated values that may end up stored must not look like leaks or markers. */
export const clean = (s: string) => !LEAK_PATTERNS.some(([, p]) => p.test(s)) && !/MARK-/.test(s);

// ---------------------------------------------------------------- leaves

/** Sentinels expanded by toJsonText: `{[RAW]: '1e400'}` is raw number text; a `${DUP}k` key is a second `k`. */
export const RAW = '\u0000raw';
export const DUP = '\u0000dup\u0000';

/** Numbers as raw JSON text (so 1e400, -0 and 30-digit integers reach the parser as written). */
export const RAW_NUMBERS = [
  '0',
  '-0',
  '0.0',
  '-0.0',
  '1',
  '-1',
  '1.5',
  '2.5',
  '1e2',
  '1E2',
  '1e+2',
  '1e-7',
  '10',
  '100000',
  '100001',
  '99999.99999999999999',
  '1e308',
  '1.7976931348623157e308',
  '1e309',
  '-1e309',
  '1E400',
  '4.9e-324',
  '2.5e-324',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '0.1e1',
  '10.000000000000000001',
  '1999',
  '2000',
  '2021',
  '2100',
  '2101',
  '12',
  '13',
  '31',
  '32',
  '6',
  '0.5e1',
  '5.0000000000000001',
  '-5',
] as const;

export const rawNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RAW_NUMBERS) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)) },
);

export const NAN_LIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '010',
  '10',
  ' 10',
  '10 ',
  '1_000',
  '',
  'null',
  'undefined',
  'true',
  'false',
  '[]',
  '{}',
  '0',
  '-0',
  '١٠',
  '１０',
  '2021-02-30',
  '2021-13-01',
  '0000-00-00',
  '2021-06-31',
  '+002021-01-01',
  '2021-1-1',
  '2021-06-15T00:00:00Z',
  'unit',
  'commune',
  'UNIT',
  'district',
] as const;

/** Strings that break naive code: invisible, control, bidi, surrogates, noncharacters, markup. */
export const NASTY = [
  ' ',
  '\u00a0',
  '\t\n',
  '\r\n',
  '\u200b',
  '\ufeff',
  '\u202e',
  '\u2028',
  '\u0000',
  '\u0007',
  '\u001f',
  '\u007f',
  '\u0085',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ud83d\ude00',
  '\u{1F1FB}\u{1F1F3}',
  '<w:t>x</w:t>',
  ']]>',
  '"',
  '\\',
  '{{x}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${x} is the hostile input
  '${x}',
  '%s%n',
  '../../etc/passwd',
  'C:\\x',
  '\u0301',
  'e\u0301\u0301\u0301\u0301',
  'ǅ',
  'ﬀ',
  'Å',
  '\u1e9b\u0323',
] as const;

/** Real Vietnamese names and phrases (NFC), the kind the reports are full of. */
export const VIETNAMESE = [
  'Nguyễn Văn Khơi',
  'Huyện Hồng Ngự',
  'Tỉnh Đồng Tháp',
  'ỦY BAN NHÂN DÂN',
  'Trần Thị Ánh Tuyết',
  'Xã Long Thuận',
  'Sở Nội vụ',
  'cải cách hành chính',
  'Đất đai',
  'Phạm Quốc Việt',
  'Lê Thị Hồng Nhung',
  'Quý III năm 2021',
  'thủ tục hành chính',
  'Thị trấn Thường Thới Tiền',
  'Võ Thị Ngọc Huyền',
  'Đặng Hữu Phước',
  'Ưng Hoàng Phúc',
] as const;

const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const ONSETS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gh',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'nh',
  'p',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];
const CODAS = ['', '', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];

const syllable = fc
  .tuple(fc.constantFrom(...ONSETS), fc.constantFrom(...VOWELS), fc.constantFrom(...TONES), fc.constantFrom(...CODAS), fc.boolean())
  .map(([o, v, t, c, cap]) => {
    const s = `${o}${(v + t).normalize('NFC')}${c}`;
    return cap ? s[0]!.toUpperCase() + s.slice(1) : s;
  });

/** Vietnamese-looking text, NFC, starting with a letter; at most 5 syllables. */
export const vietnameseText = fc
  .oneof(
    { weight: 1, arbitrary: fc.constantFrom(...VIETNAMESE) },
    { weight: 3, arbitrary: fc.array(syllable, { minLength: 1, maxLength: 5 }).map((xs) => xs.join(' ')) },
  )
  .map((s) => s.normalize('NFC'));

export const longString = fc
  .tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('x', 'ệ', 'ệ'.normalize('NFD'), '\u{1F600}', '\\', ' '))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

/** Any string a hostile client might put in a text field (never leak-like). */
export const hostileString = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.constantFrom(...NAN_LIKE) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 3, arbitrary: vietnameseText },
    { weight: 1, arbitrary: vietnameseText.map((s) => s.normalize('NFD')) },
    { weight: 1, arbitrary: fc.tuple(vietnameseText, fc.constantFrom(...NASTY)).map(([a, b]) => `${a}${b}`) },
    { weight: 1, arbitrary: longString },
  )
  .filter(clean);

/** The keys that trip prototype-based code. */
export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'then',
] as const;

export const hostileKey = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 2, arbitrary: fc.constantFrom('header', 'count', 'total', 'level', 'a', 'b', 'paragraphs', 'footnote', 'extra') },
    { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY) },
  )
  .filter(clean);

// ---------------------------------------------------------------- raw JSON text

export type JNode =
  | { t: 'raw'; s: string }
  | { t: 'str'; v: string }
  | { t: 'arr'; items: JNode[] }
  | { t: 'obj'; entries: [string, JNode][] };

const leaf: fc.Arbitrary<JNode> = fc.oneof(
  rawNumber.map((s): JNode => ({ t: 'raw', s })),
  fc.constantFrom('true', 'false', 'null').map((s): JNode => ({ t: 'raw', s })),
  hostileString.map((v): JNode => ({ t: 'str', v })),
);

const tree = fc.letrec<{ node: JNode; arr: JNode; obj: JNode }>((tie) => ({
  node: fc.oneof({ maxDepth: 5, depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('node'), { maxLength: 5 }).map((items): JNode => ({ t: 'arr', items })),
  // Keys from a small pool repeat, so duplicates occur naturally.
  obj: fc.array(fc.tuple(hostileKey, tie('node')), { maxLength: 5 }).map((entries): JNode => ({ t: 'obj', entries })),
})).node;

/** Non-ASCII as \uXXXX escapes (same value, different bytes). */
const escapeAll = (s: string) => s.replace(/[^\x20-\x7e]|["\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function serialise(n: JNode, o: { escape: boolean; space: string }): string {
  const str = (s: string) => (o.escape ? `"${escapeAll(s)}"` : JSON.stringify(s));
  switch (n.t) {
    case 'raw':
      return n.s;
    case 'str':
      return str(n.v);
    case 'arr':
      return `[${o.space}${n.items.map((i) => serialise(i, o)).join(`,${o.space}`)}${o.space}]`;
    case 'obj':
      return `{${o.space}${n.entries.map(([k, v]) => `${str(k)}${o.space}:${o.space}${serialise(v, o)}`).join(`,${o.space}`)}${o.space}}`;
  }
}

/** Byte sequences that are not UTF-8 (or are, but surprising: BOM, NUL). */
export const BAD_BYTES: readonly number[][] = [
  [0xc3, 0x28],
  [0xff],
  [0xfe],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x00],
  [0xe0, 0x80, 0xaf],
];

export interface ByteEdit {
  at: number;
  bytes: number[];
}

export const byteEdits = fc.array(fc.record({ at: fc.nat(), bytes: fc.constantFrom(...BAD_BYTES) }), { maxLength: 2 });

export function applyByteEdits(buf: Buffer, edits: readonly ByteEdit[]): Buffer {
  let out = buf;
  for (const e of edits) {
    const at = out.length ? e.at % (out.length + 1) : 0;
    out = Buffer.concat([out.subarray(0, at), Buffer.from(e.bytes), out.subarray(at)]);
  }
  return out;
}

/** Whole request bodies: random trees, deep nesting, huge arrays, long strings, junk, oversize. */
export const hostileBody: fc.Arbitrary<{ label: string; bytes: Buffer }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(tree, fc.boolean(), fc.constantFrom('', ' ', '\n  '), byteEdits).map(([n, escapeText, space, edits]) => ({
      label: 'tree',
      bytes: applyByteEdits(Buffer.from(serialise(n, { escape: escapeText, space })), edits),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('[', '{"a":', '{"header":'), fc.boolean())
      .map(([d, open, closed]) => {
        const close = open === '[' ? ']' : '}';
        return { label: `deep ${d}`, bytes: Buffer.from(`${open.repeat(d)}1${closed ? close.repeat(d) : ''}`) };
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1_000, max: 90_000 }),
        fc.constantFrom('0', '{}', '[]', '"x"', 'null', '-1e400'),
        fc.constantFrom('', '{"distribution":', '{"header":{"recipients":'),
      )
      .map(([n, item, pre]) => ({
        label: `array of ${n}`,
        bytes: Buffer.from(`${pre}[${Array(n).fill(item).join(',')}]${pre ? '}'.repeat(pre.split('{').length - 1) : ''}`),
      })),
  },
  { weight: 1, arbitrary: longString.map((s) => ({ label: `string of ${s.length}`, bytes: Buffer.from(JSON.stringify(s)) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ label: 'bytes', bytes: Buffer.from(b) })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '',
        ' ',
        'null',
        'true',
        '0',
        '""',
        '[]',
        '{}',
        '{',
        '}',
        '{"a":1,"a":2}',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
        '{"a":1,}',
        '[1,]',
        '{"\\u005f_proto__":1,"__proto__":2}',
        "{'a':1}",
        '{"a":NaN}',
        '{"a":Infinity}',
        '{"a":undefined}',
        '\ufeff{}',
        '{"header":1}garbage',
        '{"a":"\\ud800"}',
        '{"a":"\\u0000"}',
        '/*c*/{}',
      )
      .map((s) => ({ label: 'literal', bytes: Buffer.from(s) })),
  },
);

// ---------------------------------------------------------------- mutations of the valid example

export type Path = (string | number)[];

interface Shape {
  leaves: Path[];
  objects: Path[];
  arrays: Path[];
  /** Free-text string leaves (not dates, levels or codes). */
  texts: Path[];
}

function walk(v: unknown, path: Path, s: Shape): void {
  if (Array.isArray(v)) {
    s.arrays.push(path);
    v.forEach((x, i) => walk(x, [...path, i], s));
  } else if (v !== null && typeof v === 'object') {
    s.objects.push(path);
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k], s);
  } else {
    s.leaves.push(path);
    const last = path[path.length - 1];
    if (typeof v === 'string' && last !== 'date' && last !== 'level' && last !== 'unitCode') s.texts.push(path);
  }
}

export const EXAMPLE_SHAPE: Shape = (() => {
  const s: Shape = { leaves: [], objects: [], arrays: [], texts: [] };
  walk(example(), [], s);
  return s;
})();

/** Text leaves that take at least 60 characters (header.number takes 20). */
export const TEXT_PATHS = EXAMPLE_SHAPE.texts.filter(
  // Not the form reference, breakdown keys (options of the form's list) or signature prefixes (TM., KT.).
  (p) => !(p[0] === 'header' && p[1] === 'number') && p[0] !== 'form' && p[p.length - 1] !== 'key' && p[p.length - 1] !== 'prefix',
);

/** A JSON value a mutation may put anywhere; `{raw: '1e400'}` becomes raw number text. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: rawNumber.map((s) => ({ [RAW]: s })) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.constantFrom(...NAN_LIKE) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).filter((v) => clean(JSON.stringify(v))) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[]], [{}], { footnote: {} }, { footnote: { documents: [{}] } }, [''], ['x'], [1]) },
);

export type Mutation =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'insert'; at: number; key: string; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'replicate'; at: number; n: number }
  | { op: 'normalise'; at: number; form: 'NFD' | 'NFKC' | 'NFKD' | 'pad' | 'upper' }
  | { op: 'duplicateKey'; at: number; value: unknown }
  | { op: 'inject'; at: number; s: string; before: boolean }
  | { op: 'bloat'; sections: number[]; paragraphs: number; runs: number; docs: number; doc: number; budget: number };

/** What `bloat` fills footnotes with: empty refs (invalid), late-dated refs (warnings), clashing refs, valid refs. */
export const BLOAT_DOCS: readonly unknown[] = [
  {},
  { kind: 'a', number: '1', date: '2099-01-01' },
  { kind: 'b', number: '1' },
  { kind: 'Kế hoạch', number: '19/KH-UBND', date: '2021-01-19' },
  { kind: 1 },
];
const SECTIONS = ['direction', 'inspection', 'communication', 'results', 'difficulties'] as const;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), key: hostileKey, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('replicate' as const),
      at: fc.nat(),
      n: fc.oneof(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 100, max: 700 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('normalise' as const),
      at: fc.nat(),
      form: fc.constantFrom('NFD', 'NFKC', 'NFKD', 'pad', 'upper'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateKey' as const), at: fc.nat(), value: hostileValue }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('inject' as const), at: fc.nat(), s: fc.constantFrom(...NASTY), before: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('bloat' as const),
      sections: fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 5 }),
      paragraphs: fc.integer({ min: 1, max: 100 }),
      runs: fc.integer({ min: 1, max: 50 }),
      docs: fc.integer({ min: 0, max: 200 }),
      doc: fc.nat(BLOAT_DOCS.length - 1),
      budget: fc.integer({ min: 20_000, max: 300_000 }),
    }),
  },
);

function getAt(root: unknown, path: Path): unknown {
  let v: any = root;
  for (const k of path) v = v?.[k];
  return v;
}

/** Own-property assignment, so `__proto__` becomes a key and not a prototype. */
function defineOwn(o: object, k: string | number, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
}

const pick = <T>(xs: readonly T[], at: number): T | undefined => (xs.length ? xs[at % xs.length] : undefined);

export function applyMutations(base: Record<string, unknown>, ms: readonly Mutation[]): unknown {
  let root: unknown = base;
  // Bloat last, so no later mutation multiplies what it built.
  const ordered = [...ms.filter((m) => m.op !== 'bloat'), ...ms.filter((m) => m.op === 'bloat')];
  for (const m of ordered) {
    const shape: Shape = { leaves: [], objects: [], arrays: [], texts: [] };
    walk(root, [], shape);
    if (m.op === 'replace') {
      const p = pick([...shape.leaves, ...shape.objects, ...shape.arrays], m.at);
      if (!p) continue;
      // Values are cloned: constant arbitraries hand out the same object every time.
      if (p.length === 0) root = structuredClone(m.value);
      else defineOwn(getAt(root, p.slice(0, -1)) as object, p[p.length - 1]!, structuredClone(m.value));
    } else if (m.op === 'insert') {
      const p = pick(shape.objects, m.at);
      if (p) defineOwn(getAt(root, p) as object, m.key, structuredClone(m.value));
    } else if (m.op === 'duplicateKey') {
      const p = pick(shape.objects, m.at);
      const o = p && (getAt(root, p) as Record<string, unknown>);
      const key = o && pick(Object.keys(o), m.at);
      // Serialised as a second occurrence of an existing key (see toJsonText).
      if (o && key !== undefined) defineOwn(o, `${DUP}${key}`, structuredClone(m.value));
    } else if (m.op === 'delete') {
      const p = pick(
        [...shape.leaves, ...shape.objects, ...shape.arrays].filter((x) => x.length > 0),
        m.at,
      );
      if (!p) continue;
      const parent = getAt(root, p.slice(0, -1));
      const k = p[p.length - 1]!;
      if (Array.isArray(parent) && typeof k === 'number') parent.splice(k, 1);
      else delete (parent as Record<string, unknown>)[k];
    } else if (m.op === 'replicate') {
      const p = pick(shape.arrays, m.at);
      const arr = p && (getAt(root, p) as unknown[]);
      if (arr?.length) {
        const item = arr[m.at % arr.length];
        for (let i = 0; i < m.n; i++) arr.push(structuredClone(item));
      }
    } else if (m.op === 'inject') {
      const p = pick(shape.texts, m.at);
      if (!p || p.length === 0) continue;
      const parent = getAt(root, p.slice(0, -1)) as Record<string | number, string>;
      const k = p[p.length - 1]!;
      parent[k] = m.before ? `${m.s}${parent[k]}` : `${parent[k]}${m.s}`;
    } else if (m.op === 'bloat') {
      // Schema-shaped volume: paragraphs x runs x footnote documents, within a byte budget.
      if (!root || typeof root !== 'object' || Array.isArray(root)) continue;
      const doc = BLOAT_DOCS[m.doc]!;
      const docBytes = JSON.stringify(doc).length + 1;
      let { paragraphs, runs } = m;
      const per = () => m.sections.length * paragraphs * runs * (m.docs * docBytes + 30);
      while (paragraphs > 1 && per() > m.budget) paragraphs = Math.max(1, Math.floor(paragraphs / 2));
      while (runs > 1 && per() > m.budget) runs = Math.max(1, Math.floor(runs / 2));
      const run = { footnote: m.docs ? { documents: Array(m.docs).fill(doc) } : {} };
      const paragraph = Array(runs).fill(run);
      const sections = (root as Record<string, any>).sections;
      if (!sections || typeof sections !== 'object') continue;
      for (const i of m.sections) {
        sections[SECTIONS[i]!] ??= {};
        const sec = sections[SECTIONS[i]!];
        if (sec && typeof sec === 'object') sec.paragraphs = Array(paragraphs).fill(paragraph);
      }
    } else if (m.op === 'normalise') {
      const p = pick(shape.leaves, m.at);
      if (!p || p.length === 0) continue;
      const parent = getAt(root, p.slice(0, -1)) as Record<string | number, unknown>;
      const v = parent[p[p.length - 1]!];
      if (typeof v !== 'string') continue;
      parent[p[p.length - 1]!] =
        m.form === 'pad' ? `  \u00a0${v.normalize('NFD')}\t\n` : m.form === 'upper' ? v.toUpperCase() : v.normalize(m.form);
    }
  }
  return root;
}

/** JSON text with the raw-number and duplicate-key sentinels expanded. */
export function toJsonText(v: unknown): string {
  const text = JSON.stringify(v) ?? 'null';
  return text.replace(/\{"\\u0000raw":"((?:[^"\\]|\\.)*)"\}/g, (_, s: string) => JSON.parse(`"${s}"`)).replace(/"\\u0000dup\\u0000/g, '"');
}

// ---------------------------------------------------------------- headers

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset="utf-8"',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/vnd.cchc+json',
  'application/problem+json; charset=utf-8',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=utf8',
  '',
  'application/jsonp',
  'application/json, text/plain',
  'application/json; charset=',
  ' application/json ',
  '*/*',
  'application/*',
  'application/json; boundary=x; charset=utf-8',
  'application/json;;',
  'application/json; charset=utf-8; charset=latin1',
  'application/+json',
  'application/json\u00a0',
] as const;

export const IF_MATCH = [
  '"1"',
  '1',
  'W/"1"',
  '*',
  '"1", "2"',
  '""',
  '"abc"',
  '"-1"',
  '"0"',
  '"9999999999"',
  '" 1 "',
  'W/1',
  '"1',
  '1"',
  '"١"',
  '"１"',
  '"00001"',
  '"1.0"',
  '"1e0"',
  'w/"1"',
  '"2"',
  '"3"',
  '  "1"  ',
  '"999999999"',
  '"4294967297"',
] as const;

export const ACCEPT_LANGUAGES = [
  'en',
  'en-US,en;q=0.9',
  'vi',
  'vi-VN',
  'fr',
  '*',
  'en;q=abc',
  'en;q=1e400',
  'en;q=-1',
  ';;;',
  ',,,',
  'EN',
  'vi;q=0.1, en;q=0.2',
  'en;q=0',
  'zh-Hant-TW',
  'x'.repeat(5000),
  'en-'.repeat(100),
  'q=1',
  'en;q=NaN',
  '__proto__',
  'constructor',
] as const;

/** `{current: d}` means the report's current version plus d, resolved when the case runs. */
export type IfMatchSpec = { none: true } | { value: string } | { current: number };

export const ifMatchSpec: fc.Arbitrary<IfMatchSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ none: true as const }) },
  { weight: 3, arbitrary: fc.constantFrom(...IF_MATCH).map((value) => ({ value })) },
  { weight: 3, arbitrary: fc.constantFrom(0, 0, 0, -1, 1).map((current) => ({ current })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((value) => ({ value })) },
);

export const headerSet = fc.record(
  {
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
      { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    ),
    acceptLanguage: fc.oneof(fc.constantFrom(...ACCEPT_LANGUAGES), fc.string({ maxLength: 30 })),
    extra: fc.dictionary(
      fc.constantFrom('x-forwarded-for', 'x-amzn-trace-id', 'origin', 'cookie', 'x-http-method-override', 'content-encoding', 'accept'),
      fc.string({ maxLength: 20 }),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);
export type HeaderSet = Partial<{ contentType: string; acceptLanguage: string; extra: Record<string, string> }>;

// ---------------------------------------------------------------- path segments

const UNIT_FORMS = [
  '870',
  '871',
  '866',
  '877',
  '87',
  '82',
  '815',
  '999',
  '0',
  '00870',
  '0870',
  '870 ',
  ' 870',
  '+870',
  '８７０',
  '870%20',
  '%38%37%30',
  '870%2F871',
  '870%2f..%2f871',
  '%2e%2e',
  '..',
  '.',
  '%00',
  '870%00',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '870%0A',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'valueOf',
  '870;x=1',
  '870,871',
  '-1',
  '1e3',
  '870.0',
  'null',
  'undefined',
  '%F0%9F%98%80',
  '%C3%28',
  '%2F',
  '870%5C871',
  '%25',
  '87%30',
  'Hồng Ngự',
  '%E1%BB%87',
] as const;

const PERIOD_FORMS = [
  '2021-H1',
  '2021-Q1',
  '2021-Q2',
  '2021-Q3',
  '2021-Q4',
  '2021-Y',
  '2022-Q1',
  '2021-H2',
  '2021-h1',
  '2021-y',
  '1999-H1',
  '2000-Q1',
  '2099-Y',
  '2100-Y',
  '20211-H1',
  '2021-H1 ',
  '2021%2DH1',
  '2021-H1%00',
  '2021-Q5',
  '2021-Q0',
  '2021',
  'H1',
  '2021-H1-',
  '2026-Q1',
  '__proto__',
  'constructor',
  '2021–H1',
  '2021-H1%2F..',
  '%32%30%32%31-H1',
  '2021-H1\n',
  '2021-H1%0A',
  '٢٠٢١-H1',
] as const;

const PROVINCE_FORMS = ['87', '82', '99', '087', '8', '870', '815', '__proto__', '%38%37', '87%2F..', '', '87 '] as const;

const longSegment = fc
  .tuple(fc.integer({ min: 100, max: 5_000 }), fc.constantFrom('8', 'a', '%2F', '%E1%BB%87'))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));
/** API Gateway hands over a segment as sent: never a raw '/', '?' or '#'. */
const rawSegment = fc.string({ maxLength: 20 }).map((s) => s.replace(/[/?#]/g, '_'));

export const unitSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...UNIT_FORMS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
  { weight: 1, arbitrary: longSegment },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
  },
  { weight: 1, arbitrary: rawSegment },
);
export const periodSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PERIOD_FORMS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{4}-[A-Z][0-9]$/) },
  { weight: 1, arbitrary: longSegment },
  { weight: 1, arbitrary: rawSegment },
);
export const provinceSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROVINCE_FORMS.filter((p) => p !== '')) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,4}$/) },
  { weight: 1, arbitrary: longSegment },
);

export const QUERIES = [
  '',
  '',
  '',
  'version=1',
  'version=2',
  'version=0',
  'version=-1',
  'version=1.5',
  'version=1e3',
  'version=%31',
  'version=1&version=2',
  'version=',
  'version=999999999',
  'version=9999999999',
  'version=__proto__',
  'version=01',
  'x=1',
  'version=1%00',
  'version=%E0%A4',
  'version=٣',
  'version',
  '__proto__=1',
  'constructor=1&version=1',
  'version=+1',
  'version=0x1',
  '&&&',
  '%ZZ=%ZZ',
] as const;

export const query = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...QUERIES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))) },
);

// ---------------------------------------------------------------- claims

/** Claims as the JWT authorizer might pass them (strings; groups flattened to "[a b]"). */
export const fuzzedClaims = fc.record(
  {
    sub: fc.oneof(fc.constantFrom('user-1', '', ' ', '__proto__'), fc.string({ maxLength: 20 })),
    'custom:unit': fc.oneof(
      fc.constantFrom('870', '871', '87', '82', '815', '999', ' 870', '870\n', '0870', '', 'abc', '８７０', '87 0', '1'.repeat(11)),
      fc.string({ maxLength: 6 }),
    ),
    'cognito:groups': fc.oneof(
      fc.constantFrom(
        '[reporter]',
        'reporter',
        '["province"]',
        '[reporter admin]',
        '[admin province reporter]',
        '',
        '[]',
        'Reporter',
        'admin,province',
        '[',
        '["reporter"',
        '[null]',
        '[[reporter]]',
        'province admin',
        '["admin","reporter"]',
        '[superuser]',
        'reporter\u0000',
      ),
      fc.string({ maxLength: 12 }),
    ),
    token_use: fc.constantFrom('id', 'access'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, string>>;

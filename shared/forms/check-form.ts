/**
 * A form file is checked as a whole: the zod shape (FormDef) and then every
 * cross-reference, listing every problem at once (an administrator fixes the file in
 * one pass). Problems carry a catalog code and parameters, localised when shown.
 *
 * A cycle: indicators depend on others through ratio rules and ratio aggregations (a
 * percent is computed from its numerator and denominator) and through part-of-whole
 * rules (a whole contains its parts). A loop in that graph (A is part of B and B part
 * of A; A the ratio of B while B is the ratio of A) can never be satisfied as meant, so
 * the form is refused.
 */
import { en, vi } from 'zod/locales';
import type { ErrorDetail } from '../errors/errors.ts';
import { message, type Lang } from '../i18n/messages.ts';
import { FormDef, type SectionDef } from './model.ts';

export interface FormProblem {
  path: (string | number)[];
  code: string;
  params: Record<string, string | number>;
}

/** Every cross-reference problem of a well-shaped form (empty when the form is sound). */
export function formProblems(f: FormDef): FormProblem[] {
  const out: FormProblem[] = [];
  const add = (path: (string | number)[], code: string, params: Record<string, string | number> = {}) => out.push({ path, code, params });

  // Lists and their options.
  const lists = new Map<string, Set<string>>();
  f.lists.forEach((l, i) => {
    if (lists.has(l.id)) add(['lists', i, 'id'], 'FORM_DUPLICATE', { what: 'list', key: l.id });
    const keys = new Set<string>();
    l.options.forEach((o, j) => {
      if (keys.has(o.key)) add(['lists', i, 'options', j, 'key'], 'FORM_DUPLICATE', { what: 'option', key: o.key });
      keys.add(o.key);
    });
    lists.set(l.id, keys);
  });

  // Indicators.
  const indicators = new Map<string, FormDef['indicators'][number]>();
  f.indicators.forEach((ind, i) => {
    const at = ['indicators', i];
    if (indicators.has(ind.code)) add([...at, 'code'], 'FORM_DUPLICATE', { what: 'indicator', key: ind.code });
    indicators.set(ind.code, ind);
    if (ind.type === 'choice' && !ind.list) add([...at, 'list'], 'FORM_CHOICE_WITHOUT_LIST', { indicator: ind.code });
    if (ind.list && !lists.has(ind.list)) add([...at, 'list'], 'FORM_UNKNOWN_LIST', { list: ind.list });
    const numeric = ind.type === 'count' || ind.type === 'decimal' || ind.type === 'percent';
    const levelKeys = new Set<string>();
    const ids = new Set<string>();
    ind.breakdowns.forEach((b, j) => {
      const bat = [...at, 'breakdowns', j];
      if (!numeric) add(bat, 'FORM_BREAKDOWN_MISUSE', { indicator: ind.code, reason: 'type' });
      if (b.kind === 'level') {
        if (j !== 0) add(bat, 'FORM_BREAKDOWN_MISUSE', { indicator: ind.code, reason: 'level_first' });
        b.levels.forEach((l, k) => {
          if (levelKeys.has(l.key)) add([...bat, 'levels', k, 'key'], 'FORM_DUPLICATE', { what: 'level', key: l.key });
          levelKeys.add(l.key);
        });
        return;
      }
      if (ids.has(b.id)) add([...bat, 'id'], 'FORM_DUPLICATE', { what: 'breakdown', key: b.id });
      ids.add(b.id);
      if (b.kind === 'list' && !lists.has(b.list)) add([...bat, 'list'], 'FORM_UNKNOWN_LIST', { list: b.list });
      for (const [k, lv] of (b.levels ?? []).entries())
        if (!levelKeys.has(lv)) add([...bat, 'levels', k], 'FORM_BREAKDOWN_MISUSE', { indicator: ind.code, reason: 'unknown_level' });
    });
    if (ind.aggregate.kind === 'ratio') {
      for (const side of ['numerator', 'denominator'] as const)
        if (!f.indicators.some((x) => x.code === (ind.aggregate as { numerator: string; denominator: string })[side]))
          add([...at, 'aggregate', side], 'FORM_UNKNOWN_INDICATOR', { indicator: (ind.aggregate as Record<string, string>)[side]! });
    }
    if ((ind.aggregate.kind === 'sum' || ind.aggregate.kind === 'min' || ind.aggregate.kind === 'max') && !numeric)
      add([...at, 'aggregate', 'kind'], 'FORM_AGGREGATE_MISUSE', { indicator: ind.code });
    if (ind.aggregate.kind === 'countYes' && ind.type !== 'boolean')
      add([...at, 'aggregate', 'kind'], 'FORM_AGGREGATE_MISUSE', { indicator: ind.code });
  });
  const known = (code: string, path: (string | number)[]) => {
    if (!indicators.has(code)) add(path, 'FORM_UNKNOWN_INDICATOR', { indicator: code });
    return indicators.get(code);
  };

  // Sections: ids unique across the tree; indicators exist and are entered in one section only.
  const sectionIds = new Set<string>();
  const placed = new Map<string, string>();
  let contentful = 0;
  const walk = (sections: readonly SectionDef[], path: (string | number)[]) =>
    sections.forEach((s, i) => {
      const at = [...path, i];
      if (sectionIds.has(s.id)) add([...at, 'id'], 'FORM_DUPLICATE', { what: 'section', key: s.id });
      sectionIds.add(s.id);
      if (new Set(s.blocks).size !== s.blocks.length) add([...at, 'blocks'], 'FORM_DUPLICATE', { what: 'block', key: s.id });
      if (s.blocks.length > 0 || s.indicators.length > 0) contentful++;
      s.indicators.forEach((code, j) => {
        known(code, [...at, 'indicators', j]);
        if (placed.has(code)) add([...at, 'indicators', j], 'FORM_DUPLICATE', { what: 'indicator', key: code });
        placed.set(code, s.id);
      });
      walk(s.children, [...at, 'children']);
    });
  walk(f.outline, ['outline']);
  if (contentful === 0) add(['outline'], 'FORM_EMPTY_OUTLINE');

  // Rules.
  const ruleIds = new Set<string>();
  const edges = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    const s = edges.get(from) ?? new Set<string>();
    edges.set(from, s);
    s.add(to);
  };
  for (const ind of f.indicators) {
    if (ind.aggregate.kind !== 'ratio') continue;
    edge(ind.code, ind.aggregate.numerator);
    edge(ind.code, ind.aggregate.denominator);
  }
  f.rules.forEach((r, i) => {
    const at = ['rules', i];
    if (ruleIds.has(r.id)) add([...at, 'id'], 'FORM_DUPLICATE', { what: 'rule', key: r.id });
    ruleIds.add(r.id);
    switch (r.kind) {
      case 'required':
      case 'outlier':
        known(r.indicator, [...at, 'indicator']);
        break;
      case 'range': {
        const ind = known(r.indicator, [...at, 'indicator']);
        if (ind && !['count', 'percent', 'decimal'].includes(ind.type)) add([...at, 'indicator'], 'FORM_RULE_MISUSE', { rule: r.id });
        if (r.min !== undefined && r.max !== undefined && r.min > r.max) add([...at, 'min'], 'FORM_RULE_MISUSE', { rule: r.id });
        break;
      }
      case 'partOfWhole': {
        known(r.whole, [...at, 'whole']);
        r.parts.forEach((p, j) => {
          known(p, [...at, 'parts', j]);
          edge(r.whole, p);
        });
        break;
      }
      case 'breakdownSum': {
        const ind = known(r.indicator, [...at, 'indicator']);
        if (ind && !ind.breakdowns.some((b) => b.kind !== 'level' && b.id === r.breakdown))
          add([...at, 'breakdown'], 'FORM_UNKNOWN_BREAKDOWN', { indicator: r.indicator, breakdown: r.breakdown });
        break;
      }
      case 'ratio': {
        known(r.indicator, [...at, 'indicator']);
        known(r.numerator, [...at, 'numerator']);
        known(r.denominator, [...at, 'denominator']);
        edge(r.indicator, r.numerator);
        edge(r.indicator, r.denominator);
        break;
      }
    }
  });
  const cycle = findCycle(edges);
  if (cycle) add(['rules'], 'FORM_CYCLE', { cycle: cycle.join(' → ') });
  return out;
}

/** A loop in the dependency graph, as the codes along it (first repeated at the end), or undefined. */
export function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of [...(edges.get(n) ?? [])].sort()) {
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of [...edges.keys()].sort()) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

/** The form file schema: the shape, then every cross-reference problem as an issue. */
export const FormFile = FormDef.superRefine((f, ctx) => {
  for (const p of formProblems(f)) ctx.addIssue({ code: 'custom', path: p.path, message: p.code, params: { code: p.code, ...p.params } });
});

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${String(seg)}`), '$');

/** Parses a form file: the form, or every problem with its path and a localised message. */
export function parseFormFile(json: unknown, lang: Lang = 'vi'): { ok: true; form: FormDef } | { ok: false; problems: ErrorDetail[] } {
  const r = FormFile.safeParse(json, { error: lang === 'vi' ? vi().localeError! : en().localeError! });
  if (r.success) return { ok: true, form: r.data };
  return {
    ok: false,
    problems: r.error.issues.map((iss) => {
      const params = iss.code === 'custom' ? (iss.params as Record<string, string | number> | undefined) : undefined;
      if (params?.code) return { path: pathText(iss.path), code: String(params.code), message: message(String(params.code), lang, params) };
      return { path: pathText(iss.path), code: 'FORM_INVALID', message: iss.message };
    }),
  };
}

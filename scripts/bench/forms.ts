/**
 * Forms as data: the validation time of the seed report against its form (the body
 * schema built from data/forms/dong-thap-2021-v1.json), compared in the same run with
 * the schema the seed's outline had when it was hard-coded (kept only as this baseline,
 * legacy-schema.ts, with the seed in that shape, legacy-seed.json); interleaved rounds so
 * both see the same machine. Also the whole check (schema and the form's rules) and the
 * size of each form file. Goal: the form's schema no slower than 1.2× the old one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { reportFacts } from '../../shared/forms/facts.ts';
import { reportSchema } from '../../shared/forms/report-schema.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { checkReport } from '../../shared/report/checks.ts';
import { parseReport } from '../../shared/report/validate.ts';
import { ReportContent } from './legacy-schema.ts';
import { summary, table } from './stats.ts';

/** Sub-millisecond figures need three decimals. */
const ms = (n: number) => `${n.toFixed(3)} ms`;

const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8'));

export async function benchForms(rounds = 20, perRound = 100): Promise<string> {
  const seed = read(new URL('../../data/examples/870-2021-H1.json', import.meta.url));
  const legacySeed = read(new URL('./legacy-seed.json', import.meta.url));
  const form = bundledForms().find((f) => f.id === 'dong-thap-2021')!;
  const schema = reportSchema(form);
  const registry = bundledRegistry();
  const period = parsePeriod('2021-H1')!;
  const ctx = {
    form,
    facts: reportFacts(registry, registry.unitForPeriod('870', period)!, period, form),
    period,
    tier: 'district' as const,
    children: registry.children('870', period.cutoffEnd),
  };
  if (!schema.safeParse(seed).success || !ReportContent.safeParse(legacySeed).success) throw new Error('the seeds do not validate');
  const samples = { form: [] as number[], legacy: [] as number[], full: [] as number[] };
  const time = (out: number[], fn: () => unknown) => {
    for (let i = 0; i < perRound; i++) {
      const t0 = performance.now();
      fn();
      out.push(performance.now() - t0);
    }
  };
  for (let r = 0; r < rounds + 2; r++) {
    const keep = r >= 2; // two rounds warm the JIT
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    time(a, () => schema.safeParse(seed));
    time(b, () => ReportContent.safeParse(legacySeed));
    time(c, () => {
      const p = parseReport(form, seed, 'vi');
      if (p.ok) checkReport(p.report, ctx);
    });
    if (keep) {
      samples.form.push(...a);
      samples.legacy.push(...b);
      samples.full.push(...c);
    }
  }
  const f = summary(samples.form);
  const l = summary(samples.legacy);
  const full = summary(samples.full);
  const rows: (string | number)[][] = [
    [`validation of the seed (n=${samples.form.length})`, 'p50', 'p95'],
    ['schema built from its form (dong-thap-2021 v1)', ms(f.p50), ms(f.p95)],
    ['the hard-coded schema it replaced (baseline)', ms(l.p50), ms(l.p95)],
    ['ratio form / hard-coded (goal ≤ 1.2×)', `${(f.p50 / l.p50).toFixed(2)}×`, `${(f.p95 / l.p95).toFixed(2)}×`],
    ['whole check: schema + form rules + header facts', ms(full.p50), ms(full.p95)],
  ];
  const dir = new URL('../../data/forms/', import.meta.url);
  const sizes: (string | number)[][] = [['form file', 'bytes', 'sections', 'indicators', 'rules']];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const json = read(new URL(name, dir));
    const def = bundledForms().find((x) => `${x.id}-v${x.version}.json` === name);
    let sections = 0;
    const walk = (ss: { children?: unknown[] }[]) => {
      for (const s of ss) {
        sections++;
        walk((s.children ?? []) as never);
      }
    };
    walk(json.outline);
    sizes.push([
      name,
      statSync(new URL(name, dir)).size,
      sections,
      def?.indicators.length ?? json.indicators.length,
      def?.rules.length ?? json.rules.length,
    ]);
  }
  return `${table(rows)}\n\n${table(sizes)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchForms());
}

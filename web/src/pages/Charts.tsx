/**
 * Charts of the latest rollup (Chart.js, only the parts used): late dossiers by field,
 * the units with most late dossiers, and the headline figures against the previous
 * period. Each chart has a title, axis titles, Vietnamese number format and the same
 * figures as a table for screen readers and for people who prefer numbers.
 */
import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip, type ChartConfiguration } from 'chart.js';
import { groupDigits } from '../../../shared/format/vi.ts';
import { METRICS } from '../../../shared/rollup/v1/schema.ts';
import { labelOf } from '../lib/periods.ts';
import type { RollupBody } from './Dashboard.tsx';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, "Segoe UI", Roboto, Arial, sans-serif';
Chart.defaults.font.size = 14;
Chart.defaults.color = '#1a1a1a';
Chart.defaults.animation = false;

interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

interface ChartSpec {
  id: string;
  title: string;
  categoryTitle: string;
  valueTitle: string;
  categories: string[];
  series: Series[];
  horizontal: boolean;
}

/** Long category names on several lines, so they are not cut off on a phone. */
function wrap(label: string, max = 26): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + word.length + 1 > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : groupDigits(v));

function BarChart({ spec }: { spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const valueAxis = { beginAtZero: true, title: { display: true, text: spec.valueTitle }, ticks: { precision: 0, callback: (v: number | string) => fmt(Number(v)) } };
    const categoryAxis = { title: { display: true, text: spec.categoryTitle }, ticks: { autoSkip: false } };
    const config: ChartConfiguration<'bar', (number | null)[], string | string[]> = {
      type: 'bar',
      data: {
        labels: spec.categories.map((c) => wrap(c, canvas.current!.parentElement!.clientWidth < 500 ? 18 : 32)),
        datasets: spec.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color, maxBarThickness: 40 })),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          title: { display: false },
          legend: { display: spec.series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt(c.raw as number | null)}` } },
        },
        scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      },
    };
    const chart = new Chart(canvas.current!, config);
    return () => chart.destroy();
  }, [spec]);
  const height = spec.horizontal ? Math.max(180, 56 * spec.categories.length + 90) : 320;
  const summary = spec.categories.map((c, i) => `${c}: ${spec.series.map((s) => fmt(s.values[i])).join(' / ')}`).join('; ');
  return (
    <figure class="chart" aria-labelledby={`${spec.id}-t`}>
      <figcaption id={`${spec.id}-t`} class="chart-title">
        {spec.title}
      </figcaption>
      <div class="chart-box" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={`${spec.title}. ${summary}`} data-chart={spec.id} />
      </div>
      <details>
        <summary>Xem số liệu dạng bảng</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{spec.categoryTitle}</th>
              {spec.series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spec.categories.map((c, i) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {spec.series.map((s) => (
                  <td key={s.label}>{fmt(s.values[i])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

const BLUE = '#1f5fa8';
const ORANGE = '#b35c00';
const GREY = '#6b6b6b';

/** The specs a rollup summary supports; a chart without data is left out, with a sentence. */
export function chartSpecs(summary: any): { specs: ChartSpec[]; notes: string[] } {
  const specs: ChartSpec[] = [];
  const notes: string[] = [];
  const byField: { field: string; total: number }[] = summary?.lateDossiers?.byField ?? [];
  if (byField.length) {
    const top = byField.slice(0, 10);
    specs.push({
      id: 'late-by-field',
      title: 'Hồ sơ trễ hạn theo lĩnh vực',
      categoryTitle: 'Lĩnh vực',
      valueTitle: 'Số hồ sơ trễ hạn',
      categories: top.map((f) => f.field),
      series: [{ label: 'Hồ sơ trễ hạn', values: top.map((f) => f.total), color: ORANGE }],
      horizontal: true,
    });
  } else notes.push('Chưa có số liệu hồ sơ trễ hạn theo lĩnh vực.');

  const units: { name: string; figures: { lateDossiers?: number } | null }[] = summary?.units ?? [];
  const ranked = units
    .filter((u) => (u.figures?.lateDossiers ?? 0) > 0)
    .sort((a, b) => b.figures!.lateDossiers! - a.figures!.lateDossiers!)
    .slice(0, 10);
  const subUnits: { unitName: string; count: number }[] = summary?.lateDossiers?.byUnit ?? [];
  if (ranked.length) {
    specs.push({
      id: 'top-units',
      title: 'Đơn vị có nhiều hồ sơ trễ hạn nhất',
      categoryTitle: 'Đơn vị',
      valueTitle: 'Số hồ sơ trễ hạn',
      categories: ranked.map((u) => u.name),
      series: [{ label: 'Hồ sơ trễ hạn', values: ranked.map((u) => u.figures!.lateDossiers!), color: BLUE }],
      horizontal: true,
    });
  }
  if (subUnits.length) {
    const top = subUnits.slice(0, 10);
    specs.push({
      id: 'top-communes',
      title: 'Xã, phường có nhiều hồ sơ trễ hạn nhất',
      categoryTitle: 'Xã, phường, thị trấn',
      valueTitle: 'Số hồ sơ trễ hạn',
      categories: top.map((u) => u.unitName),
      series: [{ label: 'Hồ sơ trễ hạn', values: top.map((u) => u.count), color: BLUE }],
      horizontal: true,
    });
  }
  if (!ranked.length && !subUnits.length) notes.push('Chưa đơn vị nào báo cáo hồ sơ trễ hạn.');

  const totals: Record<string, number | null> = summary?.totals ?? {};
  // Across a reorganisation the previous period's figures are not comparable: not drawn.
  const previous: Record<string, number | null> | undefined = summary?.notComparable ? undefined : summary?.previous?.totals;
  const keys = METRICS.filter(([k]) => !/Units$/.test(k) && k !== 'warnings' && (totals[k] ?? previous?.[k] ?? null) !== null).slice(0, 10);
  if (keys.length) {
    const series: Series[] = [{ label: `Kỳ này (${labelOf(summary.period?.id ?? '')})`, values: keys.map(([k]) => totals[k] ?? null), color: BLUE }];
    if (previous) series.push({ label: `Kỳ trước (${labelOf(summary.previous.period)})`, values: keys.map(([k]) => previous[k] ?? null), color: GREY });
    else notes.push(summary?.notComparable ?? 'Chưa có bản tổng hợp kỳ trước để so sánh.');
    specs.push({
      id: 'indicators',
      title: previous ? 'Các chỉ tiêu so với kỳ trước' : 'Các chỉ tiêu kỳ này',
      categoryTitle: 'Chỉ tiêu',
      valueTitle: 'Số lượng',
      categories: keys.map(([, label]) => label),
      series,
      horizontal: true,
    });
  }
  return { specs, notes };
}

export function RollupCharts({ rollup }: { rollup: RollupBody }) {
  const { specs, notes } = chartSpecs(rollup.summary);
  return (
    <section aria-labelledby="charts-title">
      <h3 id="charts-title">Biểu đồ</h3>
      {notes.map((n) => (
        <p class="muted" key={n}>
          {n}
        </p>
      ))}
      <div class="charts">
        {specs.map((s) => (
          <BarChart key={`${rollup.runId}-${s.id}`} spec={s} />
        ))}
      </div>
    </section>
  );
}

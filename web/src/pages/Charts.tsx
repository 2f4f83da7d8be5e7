/**
 * Charts of the latest rollup (Chart.js, only the parts used), from the answer's digest:
 * who has reported, each breakdown's largest rows, and the indicators against the
 * previous period. Each chart has a title, axis titles, Vietnamese number format and the same
 * figures as a table for screen readers and for people who prefer numbers.
 */
import { useEffect, useRef } from 'preact/hooks';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip, type ChartConfiguration } from 'chart.js';
import { groupDigits } from '../../../shared/format/vi.ts';
import type { RollupDigest } from '../../../shared/rollup/schema.ts';
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
    const valueAxis = {
      beginAtZero: true,
      title: { display: true, text: spec.valueTitle },
      ticks: { precision: 0, callback: (v: number | string) => fmt(Number(v)) },
    };
    const categoryAxis = { title: { display: true, text: spec.categoryTitle }, ticks: { autoSkip: false } };
    const config: ChartConfiguration<'bar', (number | null)[], string | string[]> = {
      type: 'bar',
      data: {
        labels: spec.categories.map((c) => wrap(c, canvas.current!.parentElement!.clientWidth < 500 ? 18 : 32)),
        datasets: spec.series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color,
          borderColor: s.color,
          maxBarThickness: 40,
        })),
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

type Digest = RollupDigest;

/** A code as a chart id (a CSS selector and a test hook). */
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The specs a rollup's digest supports: completeness, each indicator breakdown's largest
 * rows (by field, by commune...: whatever the form has), and the indicators against the
 * previous period. Labels come from the forms; a chart without data is left out, with a sentence.
 */
export function chartSpecs(summary: Digest | undefined): { specs: ChartSpec[]; notes: string[] } {
  const specs: ChartSpec[] = [];
  const notes: string[] = [];
  if (!summary) return { specs, notes: ['Chưa có số liệu tổng hợp.'] };
  const c = summary.completeness;
  if (c.expected > 0) {
    specs.push({
      id: 'completeness',
      title: 'Tình hình gửi báo cáo',
      categoryTitle: 'Tình trạng',
      valueTitle: 'Số đơn vị',
      categories: ['Đúng hạn', 'Trễ hạn', 'Chưa gửi'],
      series: [{ label: 'Số đơn vị', values: [c.onTime, c.late, c.missing], color: BLUE }],
      horizontal: true,
    });
  }

  let breakdowns = 0;
  for (const t of summary.totals) {
    for (const b of t.breakdowns) {
      if (!b.top.length) continue;
      breakdowns++;
      const what = t.unit ? `Số ${t.unit}` : 'Số lượng';
      specs.push({
        id: `breakdown-${slug(t.code)}-${slug(b.id)}`,
        title: `${t.label} ${b.label.toLocaleLowerCase('vi')}${b.levelLabel ? ` (${b.levelLabel})` : ''}`,
        categoryTitle: b.label,
        valueTitle: what,
        categories: b.top.map((r) => r.label),
        series: [{ label: t.label, values: b.top.map((r) => r.total), color: ORANGE }],
        horizontal: true,
      });
    }
  }
  if (!breakdowns) notes.push('Các đơn vị chưa báo cáo số liệu chi tiết (theo lĩnh vực, theo đơn vị).');

  // Counts, not percentages or ratios, share one axis: the indicators in the form's unit "%" are left to the table files.
  const shown = summary.totals.filter((t) => t.unit !== '%' && (t.total !== null || t.previous !== null)).slice(0, 10);
  if (shown.length) {
    const comparable = summary.comparison?.comparable === true;
    const series: Series[] = [{ label: `Kỳ này (${labelOf(summary.period.id)})`, values: shown.map((t) => t.total), color: BLUE }];
    if (comparable && summary.comparison)
      series.push({ label: `Kỳ trước (${labelOf(summary.comparison.period)})`, values: shown.map((t) => t.previous), color: GREY });
    else notes.push(summary.comparison?.note ?? 'Chưa có bản tổng hợp kỳ trước để so sánh.');
    specs.push({
      id: 'indicators',
      title: comparable ? 'Các chỉ tiêu so với kỳ trước' : 'Các chỉ tiêu kỳ này',
      categoryTitle: 'Chỉ tiêu',
      valueTitle: 'Số lượng',
      categories: shown.map((t) => t.label),
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

/**
 * The rollup workbook: the hand-written SpreadsheetML writer (shared/rollup/xlsx.ts)
 * against exceljs writing the same cells. For 1,000 and 10,000 synthetic units, the
 * summary is computed once; then, after a warm-up, the median of 3 runs of:
 *   hand-written   buildRollupXlsx(summary), as the rollup does;
 *   exceljs        the same sheets, rows, values and number formats (read back from the
 *                  hand-written file, so both hold exactly the same cells), written with
 *                  exceljs's workbook model and writeBuffer().
 * Prints time, file size and the cell count. The figures back
 * docs/decisions/0101-hand-written-xlsx.md.
 *
 *   npm run bench -- xlsx
 *   node --import tsx scripts/bench/xlsx.ts [sizes...]
 */
import ExcelJS from 'exceljs';
import { deadlineDate, parsePeriod } from '../../shared/periods/period.ts';
import { computeRollup } from '../../shared/rollup/compute.ts';
import type { RollupSummary } from '../../shared/rollup/schema.ts';
import { buildRollupXlsx } from '../../shared/rollup/xlsx.ts';
import { formKey } from '../../shared/rollup/indicators.ts';
import { formSummaryOf } from '../../shared/rollup/service.ts';
import { benchForm, syntheticRecords, syntheticRegistry } from './rollup.ts';
import { summary as stats, table } from './stats.ts';

const PERIOD = '2021-H1';
const RUNS = 3;

function summaryOf(n: number): RollupSummary {
  const province = '90';
  const { registry, reporting } = syntheticRegistry(province, n);
  const period = parsePeriod(PERIOD)!;
  const form = benchForm();
  return computeRollup({
    province: { code: province, name: registry.unit(province)!.name },
    period,
    deadline: deadlineDate(period, registry.deadlinePolicy(province)),
    registryVersion: registry.version,
    changeSeq: 1,
    expected: registry.expectedUnits(province, period),
    unit: (c) => registry.unit(c),
    latest: syntheticRecords(province, reporting, period, form).map((r) => ({ ...r, summary: formSummaryOf(r.summary) })),
    forms: new Map([[formKey(form), form]]),
    previous: null,
  });
}

interface SheetCopy {
  name: string;
  widths: (number | undefined)[];
  rows: { value: ExcelJS.CellValue; numFmt: string | undefined; bold: boolean }[][];
}

/** Every sheet's cells, values and number formats, as exceljs reads them from the hand-written file. */
async function cellsOf(xlsx: Buffer): Promise<SheetCopy[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: SheetCopy['rows'] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: SheetCopy['rows'][number] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push({ value: c.value, numFmt: c.numFmt, bold: Boolean(c.font?.bold) }));
      rows.push(cells);
    });
    return { name: ws.name, widths: ws.columns?.map((c) => c.width) ?? [], rows };
  });
}

async function withExceljs(copy: SheetCopy[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of copy) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    s.widths.forEach((w, i) => {
      if (w) ws.getColumn(i + 1).width = w;
    });
    for (const cells of s.rows) {
      const row = ws.addRow(cells.map((c) => c.value));
      cells.forEach((c, i) => {
        if (!c.numFmt && !c.bold) return;
        const cell = row.getCell(i + 1);
        if (c.numFmt) cell.numFmt = c.numFmt;
        if (c.bold) cell.font = { bold: true };
      });
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, s.rows[0]?.length ?? 1) } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timed(fn: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, bytes: out.length };
}

export async function benchXlsx(sizes: number[] = [1_000, 10_000], rounds = RUNS): Promise<string> {
  const out: (string | number)[][] = [['units', 'cells', 'hand-written', 'exceljs', 'time ratio', 'size hand-written / exceljs']];
  for (const n of sizes) {
    const summary = summaryOf(n);
    const build = () => buildRollupXlsx(summary, { runId: 'bench' });
    const copy = await cellsOf(await build());
    const cells = copy.reduce((a, s) => a + s.rows.reduce((b, r) => b + r.length, 0), 0);
    const a: { ms: number; bytes: number }[] = [];
    const b: { ms: number; bytes: number }[] = [];
    for (let round = 0; round <= rounds; round++) {
      const ta = await timed(build);
      const tb = await timed(() => withExceljs(copy));
      if (round === 0) continue;
      a.push(ta);
      b.push(tb);
    }
    const ma = stats(a.map((r) => r.ms)).p50;
    const mb = stats(b.map((r) => r.ms)).p50;
    const kib = (v: number) => `${Math.round(v / 1024).toLocaleString('en')} KiB`;
    out.push([
      n.toLocaleString('en'),
      cells.toLocaleString('en'),
      `${ma.toFixed(0)} ms`,
      `${mb.toFixed(0)} ms`,
      `${(mb / ma).toFixed(1)}×`,
      `${kib(a[0]!.bytes)} / ${kib(b[0]!.bytes)}`,
    ]);
  }
  return [`rollup.xlsx, the same cells written two ways; ${rounds} runs after a warm-up, medians.`, table(out)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((v) => v > 0);
  console.log(await benchXlsx(sizes.length ? sizes : undefined));
}

/** Fixtures for the rollup tests: latest records built from the seed report, as the service stores them. */
import { readFileSync } from 'node:fs';
import { deadlineDate, parsePeriod, type Period } from '../../../shared/periods/period.ts';
import { bundledRegistry } from '../../../shared/registry/default.ts';
import type { Registry } from '../../../shared/registry/registry.ts';
import { checkErrors, checkWarnings } from '../../../shared/report/checks.ts';
import { summarise } from '../../../shared/report/summary.ts';
import { parseReport } from '../../../shared/report/validate.ts';
import type { RollupInput } from '../../../shared/rollup/v1/compute.ts';
import type { LatestRecord } from '../../../shared/storage/ports.ts';

export const seed = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL('../../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));

/** The seed with other numbers: the shape of another unit's report. */
export function variant(o: {
  inspected?: number;
  planned?: number;
  unitLevel?: number;
  communeLevel?: number;
  fields?: [string, number][];
  communes?: [string, number][];
  articles?: [number, number];
  awards?: [number, number];
  radio?: boolean;
}): Record<string, any> {
  const r = seed();
  if (o.inspected !== undefined) r.inspection.inspected.count = o.inspected;
  if (o.planned !== undefined) r.inspection.planned.count = o.planned;
  const [unit, commune] = r.difficulties.lateDossiers;
  if (o.unitLevel !== undefined) unit.total = o.unitLevel;
  if (o.communeLevel !== undefined) commune.total = o.communeLevel;
  if (o.fields) unit.byField = o.fields.map(([field, count]) => ({ field, count }));
  if (o.communes) commune.byUnit = o.communes.map(([unitName, count]) => ({ unitName, count }));
  if (o.articles) [r.communication.provincialPortalArticles, r.communication.unitPortalArticles] = o.articles;
  if (o.awards) [r.direction.awards.collectives, r.direction.awards.individuals] = o.awards;
  if (o.radio !== undefined) r.communication.radioColumn = o.radio;
  return r;
}

/** A latest record as ReportService would store it for this body. */
export function record(unit: string, body: Record<string, any>, o: { period?: string; version?: number; receivedAt?: string; firstReceivedAt?: string; onTime?: boolean } = {}): LatestRecord {
  const parsed = parseReport(body, 'vi');
  if (!parsed.ok) throw new Error(`fixture invalid: ${JSON.stringify(parsed.details)}`);
  const errors = checkErrors(parsed.report);
  if (errors.length) throw new Error(`fixture invalid: ${JSON.stringify(errors)}`);
  const receivedAt = o.receivedAt ?? '2021-06-15T02:00:00.000Z';
  return {
    unit,
    period: o.period ?? '2021-H1',
    province: '87',
    version: o.version ?? 1,
    hash: `h-${unit}-${o.version ?? 1}`,
    receivedAt,
    firstReceivedAt: o.firstReceivedAt ?? receivedAt,
    onTime: o.onTime ?? true,
    summary: summarise(parsed.report, checkWarnings(parsed.report)),
    document: { state: 'pending', attempts: 0, updatedAt: receivedAt },
  };
}

export function input(latest: LatestRecord[], o: { period?: string; registry?: Registry; changeSeq?: number; previous?: RollupInput['previous'] } = {}): RollupInput {
  const registry = o.registry ?? bundledRegistry();
  const period = parsePeriod(o.period ?? '2021-H1') as Period;
  return {
    province: { code: '87', name: registry.unit('87')!.name },
    period,
    deadline: deadlineDate(period, registry.deadlinePolicy('87')),
    registryVersion: registry.version,
    changeSeq: o.changeSeq ?? latest.length,
    expected: registry.expectedUnits('87', period),
    unit: (c) => registry.unit(c),
    latest,
    previous: o.previous ?? null,
  };
}

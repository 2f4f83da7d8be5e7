/** Fixtures for the rollup tests: latest records built from the seed report, as the service stores them. */
import { readFileSync } from 'node:fs';
import { deadlineDate, parsePeriod, type Period } from '../../../shared/periods/period.ts';
import { bundledForms } from '../../../shared/forms/bundled.ts';
import { bundledRegistry } from '../../../shared/registry/default.ts';
import type { Registry } from '../../../shared/registry/registry.ts';
import { checkBody } from '../../support/report.ts';
import type { RollupInput } from '../../../shared/rollup/v1/compute.ts';
import type { LatestRecord } from '../../../shared/storage/ports.ts';

const FIELDS = bundledForms().find((f) => f.id === 'dong-thap-2021')!.lists.find((l) => l.id === 'fields')!.options;

/** The seed report as any district may send it (the server supplies authority, place and summary). */
export const seed = (): Record<string, any> => {
  const b = JSON.parse(readFileSync(new URL('../../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));
  delete b.header.issuingAuthority;
  delete b.header.place;
  delete b.header.summary;
  return b;
};

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
  const v = r.values;
  if (o.inspected !== undefined) v.INSPECTED_UNITS.value = o.inspected;
  if (o.planned !== undefined) v.PLANNED_INSPECTIONS.value = o.planned;
  const { unit, commune } = v.LATE_DOSSIERS.levels;
  if (o.unitLevel !== undefined) unit.value = o.unitLevel;
  if (o.communeLevel !== undefined) commune.value = o.communeLevel;
  // Fields by the form's list labels ("Đất đai" → its key).
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
  const keyOf = (label: string) => FIELDS.find((f) => norm(f.label) === norm(label))?.key ?? label;
  if (o.fields) unit.breakdown = { field: o.fields.map(([field, count]) => ({ key: keyOf(field), value: count })) };
  if (o.communes) commune.breakdown = { commune: o.communes.map(([name, count]) => ({ name, value: count })) };
  if (o.articles) [v.PROVINCIAL_PORTAL_ARTICLES.value, v.UNIT_PORTAL_ARTICLES.value] = o.articles;
  if (o.awards) [v.AWARDS_COLLECTIVES.value, v.AWARDS_INDIVIDUALS.value] = o.awards;
  if (o.radio !== undefined) v.RADIO_COLUMN.value = o.radio;
  return r;
}

/** The body dated in the last month of another period (a report is written near its period's end). */
export function forPeriod(body: Record<string, any>, periodId: string): Record<string, any> {
  const p = parsePeriod(periodId)!;
  if (periodId === '2021-H1') return body;
  return { ...body, header: { ...body.header, date: { year: p.year, month: p.lastMonth, day: null } } };
}

/** A latest record as ReportService would store it for this body. */
export function record(unit: string, body: Record<string, any>, o: { period?: string; version?: number; receivedAt?: string; firstReceivedAt?: string; onTime?: boolean } = {}): LatestRecord {
  const c = checkBody(unit, o.period ?? '2021-H1', forPeriod(body, o.period ?? '2021-H1'));
  if (c.errors.length) throw new Error(`fixture invalid: ${JSON.stringify(c.errors)}`);
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
    summary: c.summary,
    document: { state: 'pending', attempts: 0, updatedAt: receivedAt },
  };
}

export function input(latest: LatestRecord[], o: { period?: string; registry?: Registry; changeSeq?: number; previous?: RollupInput['previous'] } = {}): RollupInput {
  const registry = o.registry ?? bundledRegistry();
  const period = parsePeriod(o.period ?? '2021-H1') as Period;
  return {
    province: { code: '87', name: (registry.unitForPeriod('87', period) ?? registry.principalUnit('87'))!.name },
    period,
    deadline: deadlineDate(period, registry.deadlinePolicy('87')),
    registryVersion: registry.version,
    changeSeq: o.changeSeq ?? latest.length,
    expected: registry.expectedUnits('87', period),
    unit: (c) => registry.unitForPeriod(c, period) ?? registry.principalUnit(c),
    latest,
    previous: o.previous ?? null,
  };
}

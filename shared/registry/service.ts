/**
 * Registry use cases behind GET /v1/units and GET /v1/units/{code}: any authenticated
 * caller (unit codes and names are public administrative data; reports are not).
 */
import * as z from 'zod';
import { DomainError, notFound } from '../errors/errors.ts';
import type { RegistryProvider } from './loader.ts';
import { UnitKind, type OrgUnit, type Registry } from './registry.ts';

export { unitNotInForce } from './unit.ts';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Ref = z.object({ code: z.string(), name: z.string() });

export const UnitSummary = z.object({
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  parentCode: z.string().nullable(),
  validFrom: iso,
  validTo: iso.nullable(),
});

export const UnitsQuery = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .describe('Province code (2 digits), e.g. 82.'),
  on: iso.optional().describe('The day (YYYY-MM-DD); default today in Asia/Ho_Chi_Minh.'),
});

export const UnitsResponse = z
  .object({
    province: Ref,
    on: iso,
    count: z.number().int(),
    units: z.array(UnitSummary).describe('The province first, then its units by code.'),
  })
  .describe('A province\u2019s units in force on a day.');

export const UnitEra = z.object({
  name: z.string(),
  kind: UnitKind,
  validFrom: iso,
  validTo: iso.nullable(),
  parent: Ref.nullable(),
  province: Ref.nullable(),
  successors: z.array(z.object({ code: z.string(), name: z.string().nullable() })),
});

export const UnitHistoryResponse = z
  .object({
    code: z.string(),
    current: z.boolean(),
    history: z.array(UnitEra).describe('Every unit that has held the code, oldest first.'),
  })
  .describe('One code with its history across reorganisations.');

const ref = (u: OrgUnit | undefined) => (u ? { code: u.code, name: u.name } : null);
const summary = (u: OrgUnit): z.infer<typeof UnitSummary> => ({
  code: u.code,
  name: u.name,
  kind: u.kind,
  parentCode: u.parentCode,
  validFrom: u.validFrom,
  validTo: u.validTo,
});

export class UnitService {
  constructor(private readonly registry: RegistryProvider) {}

  async list(query: Record<string, string | undefined>): Promise<z.infer<typeof UnitsResponse>> {
    if (!query.province) throw new DomainError('validation', 'PROVINCE_REQUIRED');
    if (!/^\d{2}$/.test(query.province)) throw notFound('UNKNOWN_PROVINCE', { province: query.province });
    if (query.on !== undefined && !isDate(query.on)) throw new DomainError('validation', 'INVALID_DATE_PARAM', { name: 'on' });
    const registry = await this.registry({ provinces: [query.province] });
    const on = query.on ?? registry.today();
    const units = registry.unitsOfProvince(query.province, on);
    if (!units.length) throw notFound('UNKNOWN_PROVINCE', { province: query.province });
    return { province: ref(units[0])!, on, count: units.length - 1, units: units.slice(1).map(summary) };
  }

  async get(code: string): Promise<z.infer<typeof UnitHistoryResponse>> {
    if (!/^\d{1,10}$/.test(code)) throw notFound('UNKNOWN_UNIT', { unit: code });
    const first = await this.registry({ units: [code] });
    const eras = first.history(code);
    if (!eras.length) throw notFound('UNKNOWN_UNIT', { unit: code });
    // Successors may sit in other provinces' pieces: a second, cached read names them.
    const registry: Registry = await this.registry({ units: [code, ...eras.flatMap((u) => u.successorCodes)] });
    return {
      code,
      current: !!registry.unit(code),
      history: eras.map((u) => {
        const successorDay = u.validTo ? dayAfter(u.validTo) : undefined;
        return {
          name: u.name,
          kind: u.kind,
          validFrom: u.validFrom,
          validTo: u.validTo,
          parent: u.parentCode ? ref(registry.unit(u.parentCode, u.validFrom)) : null,
          province: ref(registry.provinceOn(u.code, u.validFrom)),
          successors: u.successorCodes.map((c) => ({ code: c, name: (successorDay && registry.unit(c, successorDay)?.name) || null })),
        };
      }),
    };
  }
}

function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

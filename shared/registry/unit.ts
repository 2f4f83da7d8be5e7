/**
 * Small facts about units across eras, apart from the registry's schemas (registry.ts
 * and service.ts re-export them): the access checks of every request, the registry's
 * lookups and the report and review use cases use them without building those schemas.
 */
import { DomainError } from '../errors/errors.ts';
import { compareUnitCodes, vnDate } from '../format/vi.ts';
import type { Period } from '../periods/period.ts';
import type { OrgUnit } from './registry.ts';
import type { Registry } from './view.ts';

/** The same unit: the same code in the same era. */
export const sameUnit = (a: OrgUnit | undefined, b: OrgUnit | undefined): boolean =>
  !!a && !!b && a.code === b.code && a.validFrom === b.validFrom;

/** The unit is in force on the day. */
export const validOn = (u: OrgUnit, day: string) => u.validFrom <= day && (u.validTo === null || day <= u.validTo);

/** Units in code order. */
export const byCode = (a: OrgUnit, b: OrgUnit) => compareUnitCodes(a.code, b.code);

/**
 * A code that names no unit during a period (870 in 2026-Q3): the unit it named last
 * before the period, with its validity, in the error. 422 for a write, 404 for a read.
 */
export function unitNotInForce(registry: Registry, unit: string, period: Period, mode: 'read' | 'write'): DomainError {
  const eras = registry.history(unit);
  const last = eras.filter((u) => u.validFrom <= registry.referenceDate(period)).pop() ?? eras[0];
  const params = last
    ? { unit, period: period.id, name: last.name, from: vnDate(last.validFrom), to: last.validTo ? vnDate(last.validTo) : '…' }
    : { unit, period: period.id, name: unit, from: '…', to: '…' };
  return new DomainError(mode === 'write' ? 'validation' : 'not_found', 'UNIT_NOT_IN_FORCE', params);
}

/**
 * Small facts about units across eras, apart from the registry's schemas (registry.ts
 * re-exports sameUnit): the access checks of every request and the registry's lookups
 * use them without building those schemas.
 */
import { compareUnitCodes } from '../format/vi.ts';
import type { OrgUnit } from './registry.ts';

/** The same unit: the same code in the same era. */
export const sameUnit = (a: OrgUnit | undefined, b: OrgUnit | undefined): boolean =>
  !!a && !!b && a.code === b.code && a.validFrom === b.validFrom;

/** The unit is in force on the day. */
export const validOn = (u: OrgUnit, day: string) => u.validFrom <= day && (u.validTo === null || day <= u.validTo);

/** Units in code order. */
export const byCode = (a: OrgUnit, b: OrgUnit) => compareUnitCodes(a.code, b.code);

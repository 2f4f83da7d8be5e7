/**
 * Unit identity across eras, apart from the registry's schemas (registry.ts re-exports
 * it): access checks on every request use it without building those schemas.
 */
import type { OrgUnit } from './registry.ts';

/** The same unit: the same code in the same era. */
export const sameUnit = (a: OrgUnit | undefined, b: OrgUnit | undefined): boolean =>
  !!a && !!b && a.code === b.code && a.validFrom === b.validFrom;

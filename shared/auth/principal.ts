/**
 * Who is calling, from the JWT claims API Gateway's JWT authorizer passes on
 * (event.requestContext.authorizer.jwt.claims). Locally the server verifies its own
 * token and passes the claims in exactly that shape: values as strings, Cognito
 * groups as "[a b]".
 */
import { unauthenticated, forbidden } from '../errors/errors.ts';
import type { Period } from '../periods/period.ts';
import { sameUnit, type Registry } from '../registry/registry.ts';
import type { Role } from '../storage/ports.ts';

export interface Principal {
  sub: string;
  unit: string;
  role: Role;
}

export const ROLES: readonly Role[] = ['reporter', 'province', 'admin'];
export const CLAIM_GROUPS = 'cognito:groups';
export const CLAIM_UNIT = 'custom:unit';

function groupsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string') return [];
  const s = v.trim();
  // API Gateway flattens arrays to "[a b]"; accept JSON arrays and single names too.
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* not JSON: "[a b]" */
    }
    return s.slice(1, -1).split(/[\s,]+/).filter(Boolean);
  }
  return s.split(/[\s,]+/).filter(Boolean);
}

export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  if (!claims) throw unauthenticated();
  const sub = claims.sub;
  const unit = claims[CLAIM_UNIT];
  const groups = groupsOf(claims[CLAIM_GROUPS]);
  // The most privileged group wins when a user is in several.
  const role = [...ROLES].reverse().find((r) => groups.includes(r));
  if (typeof sub !== 'string' || !sub || typeof unit !== 'string' || !/^\d{1,10}$/.test(unit) || !role) throw unauthenticated();
  return { sub, unit, role };
}

/** A reporter writes only its own unit. */
export function assertCanWrite(p: Principal, unit: string): void {
  if (p.role !== 'reporter' || p.unit !== unit) throw forbidden();
}

/**
 * Reporters read their own unit; province staff and admins the units of their province.
 * With a period, "their own" means the same unit in that period's hierarchy (code and
 * era: staff of today's 82 are not Tiền Giang's staff of 2021), with the predecessors
 * their province's configuration opens (readsHistoryOf).
 */
export function assertCanReadUnit(p: Principal, unit: string, registry: Registry, period?: Period): void {
  if (p.role === 'reporter') {
    if (p.unit !== unit) throw forbidden();
    if (period) {
      const then = registry.unitForPeriod(unit, period);
      // A code that named another unit in that period is not this reporter's.
      if (then && !sameUnit(then, registry.principalUnit(p.unit))) throw forbidden();
    }
    return;
  }
  const province = period ? registry.provinceOn(unit, registry.referenceDate(period)) : registry.principalProvince(unit);
  if (!registry.staffMayRead(p.unit, province)) throw forbidden();
}

/** Province staff and admins reach only their own province (as in force for the period, when given). */
export function assertCanReadProvince(p: Principal, province: string, registry: Registry, period?: Period): void {
  if (p.role === 'reporter') throw forbidden();
  // A period in which the code named no province: the last province that held it.
  const target = (period && registry.unit(province, registry.referenceDate(period))) || registry.principalUnit(province);
  if (target?.kind !== 'province' || !registry.staffMayRead(p.unit, target)) throw forbidden();
}

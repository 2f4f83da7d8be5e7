/**
 * Who is calling, from the JWT claims API Gateway's JWT authorizer passes on
 * (event.requestContext.authorizer.jwt.claims). Locally the server verifies its own
 * token and passes the claims in exactly that shape: values as strings, Cognito
 * groups as "[a b]".
 */
import { unauthenticated, forbidden } from '../errors/errors.ts';
import type { Period } from '../periods/period.ts';
import type { Registry } from '../registry/registry.ts';
import { sameUnit } from '../registry/unit.ts';
import type { Role } from '../storage/ports.ts';

export interface Principal {
  sub: string;
  unit: string;
  role: Role;
}

export const ROLES: readonly Role[] = ['reporter', 'province', 'admin'];
export const CLAIM_GROUPS = 'cognito:groups';
export const CLAIM_UNIT = 'custom:unit';

/**
 * A Cognito group name: 1 to 128 letters, marks, symbols, digits or punctuation, never a
 * space (the CreateGroup API's pattern). So a space can only separate two groups.
 */
export const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/**
 * The groups, parsed exactly as the claim is formed: in the ID token `cognito:groups` is
 * a JSON array of names; API Gateway's HTTP API JWT authorizer passes it on as "[a b]"
 * (the names joined by one space); a bare string is one name. A name is taken whole: a
 * comma is part of a name. A name Cognito could not have created (with
 * a space, say) makes the claim unreadable, so nobody gains a role by a name that reads
 * like two groups.
 */
export function groupsOf(raw: unknown): string[] {
  let names: unknown[];
  const v = typeof raw === 'string' ? raw.trim() : raw;
  if (Array.isArray(v)) names = v;
  else if (typeof v === 'string' && v.startsWith('[') && v.endsWith(']')) {
    const inner = v.slice(1, -1);
    if (inner.startsWith('"')) {
      // A JSON array passed as a string (another authorizer's shape): it starts with '[', so it parses to an array or throws.
      try {
        names = JSON.parse(v) as unknown[];
      } catch {
        names = [];
      }
    } else names = inner === '' ? [] : inner.split(' ');
  } else names = [v]; // one name, taken whole (anything but a string fails the name check below)
  if (!names.every((n) => typeof n === 'string' && GROUP_NAME.test(n))) return [];
  return names as string[];
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
 * A staff member (province role or admin) acts for their unit, which must be a
 * province-tier unit of the registry: a district code with a staff role would otherwise
 * reach its whole province. Anything else is refused (403). (ADR 0802)
 */
export function assertStaffUnit(p: Principal, registry: Registry): void {
  if (p.role === 'reporter' || registry.principalUnit(p.unit)?.kind !== 'province') throw forbidden();
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
  assertStaffUnit(p, registry);
  const province = period ? registry.provinceOn(unit, registry.referenceDate(period)) : registry.principalProvince(unit);
  if (!registry.staffMayRead(p.unit, province)) throw forbidden();
}

/** Province staff and admins reach only their own province (as in force for the period, when given). */
export function assertCanReadProvince(p: Principal, province: string, registry: Registry, period?: Period): void {
  assertStaffUnit(p, registry);
  // A period in which the code named no province: the last province that held it.
  const target = (period && registry.unit(province, registry.referenceDate(period))) || registry.principalUnit(province);
  if (target?.kind !== 'province' || !registry.staffMayRead(p.unit, target)) throw forbidden();
}

/**
 * Who may write and read (shared/auth/principal.ts), on the bundled registry: both
 * halves of the write rule (the reporter role and the caller's own unit), and callers
 * whose unit is a district although their role is a province's or an admin's (the
 * access matrix's staff callers all hold a province code). No storage.
 */
import { describe, expect, it } from 'vitest';
import {
  assertCanReadProvince,
  assertCanReadUnit,
  assertCanWrite,
  principalFromClaims,
  type Principal,
} from '../../shared/auth/principal.ts';
import { DomainError } from '../../shared/errors/errors.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';

const registry = bundledRegistry();
const who = (role: Principal['role'], unit: string): Principal => ({ sub: `${role}-${unit}`, unit, role });

/** The error code a check throws, or 'ok'. */
function outcome(f: () => void): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
}

describe("writing a unit's report", () => {
  it("the unit's own reporter may", () => {
    expect(outcome(() => assertCanWrite(who('reporter', '870'), '870'))).toBe('ok');
  });

  it('a reporter of another unit may not', () => {
    expect(outcome(() => assertCanWrite(who('reporter', '871'), '870'))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanWrite(who('reporter', '87'), '870'))).toBe('FORBIDDEN');
  });

  it('province staff or an admin whose unit is that very district may not: only reporters write', () => {
    expect(outcome(() => assertCanWrite(who('province', '870'), '870'))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanWrite(who('admin', '870'), '870'))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanWrite(who('province', '87'), '870'))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanWrite(who('admin', '87'), '87'))).toBe('FORBIDDEN');
  });
});

describe('reading a unit', () => {
  it('a reporter reads its own unit only', () => {
    expect(outcome(() => assertCanReadUnit(who('reporter', '870'), '870', registry))).toBe('ok');
    expect(outcome(() => assertCanReadUnit(who('reporter', '870'), '871', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadUnit(who('reporter', '87'), '870', registry))).toBe('FORBIDDEN');
  });

  it("staff and admins read the units of their province, not another province's, nor a unit the registry does not know", () => {
    for (const role of ['province', 'admin'] as const) {
      expect(outcome(() => assertCanReadUnit(who(role, '87'), '870', registry))).toBe('ok');
      expect(outcome(() => assertCanReadUnit(who(role, '87'), '87', registry))).toBe('ok');
      expect(outcome(() => assertCanReadUnit(who(role, '89'), '870', registry))).toBe('FORBIDDEN');
      expect(outcome(() => assertCanReadUnit(who(role, '87'), '99999', registry))).toBe('FORBIDDEN');
      expect(outcome(() => assertCanReadUnit(who(role, '99999'), '99999', registry))).toBe('FORBIDDEN');
    }
  });
});

describe('reading a province', () => {
  it("staff and admins of the province; never a reporter, even of the province's own code", () => {
    expect(outcome(() => assertCanReadProvince(who('province', '87'), '87', registry))).toBe('ok');
    expect(outcome(() => assertCanReadProvince(who('admin', '87'), '87', registry))).toBe('ok');
    expect(outcome(() => assertCanReadProvince(who('province', '89'), '87', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadProvince(who('reporter', '87'), '87', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadProvince(who('reporter', '870'), '87', registry))).toBe('FORBIDDEN');
  });
});

describe('the caller from the JWT claims', () => {
  const claims = (groups: unknown, unit: unknown = '870', sub: unknown = 'u1') => ({ sub, 'custom:unit': unit, 'cognito:groups': groups });

  it('reads the groups as API Gateway passes them ("[a b]"), as a JSON array, an array or one name', () => {
    expect(principalFromClaims(claims('[reporter]'))).toEqual({ sub: 'u1', unit: '870', role: 'reporter' });
    expect(principalFromClaims(claims('["province"]')).role).toBe('province');
    expect(principalFromClaims(claims(['admin'])).role).toBe('admin');
    expect(principalFromClaims(claims('reporter')).role).toBe('reporter');
    expect(principalFromClaims(claims(' [province] ')).role).toBe('province');
  });

  it('the most privileged of several groups wins', () => {
    expect(principalFromClaims(claims('[reporter province]')).role).toBe('province');
    expect(principalFromClaims(claims('[admin reporter]')).role).toBe('admin');
    expect(principalFromClaims(claims(['reporter', 'admin', 'province'])).role).toBe('admin');
  });

  it('is unauthenticated without claims, a subject, a numeric unit or a known group', () => {
    const bad: unknown[] = [
      undefined,
      claims('[]'),
      claims('[auditor]'),
      claims(42),
      { sub: 'u1', 'cognito:groups': '[reporter]' },
      { 'custom:unit': '870', 'cognito:groups': '[reporter]' },
      claims('[reporter]', '87a'),
      claims('[reporter]', '12345678901'),
      claims('[reporter]', ''),
      claims('[reporter]', 870),
      claims('[reporter]', '870', ''),
      claims('[reporter]', '870', 7),
    ];
    for (const c of bad)
      expect(
        outcome(() => principalFromClaims(c as Record<string, unknown> | undefined)),
        JSON.stringify(c),
      ).toBe('UNAUTHENTICATED');
  });
});

describe('group names and eras (found open by `npm run mutate`)', () => {
  const claims = (groups: unknown) => ({ sub: 'u1', 'custom:unit': '870', 'cognito:groups': groups });
  /** The caller's role, or the error code. */
  const role = (groups: unknown) => {
    try {
      return principalFromClaims(claims(groups)).role;
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      return (e as DomainError).code;
    }
  };

  it('a group name may hold letters, combining marks, digits, symbols and punctuation; one name Cognito could not create spoils the claim', () => {
    // Decomposed "ó" (a combining mark), a digit, a hyphen and a plus sign.
    expect(role('[reporter nho\u0301m-1+]')).toBe('reporter');
    expect(role(['reporter', 'nho\u0301m-1+'])).toBe('reporter');
    expect(role(['reporter', 'two words'])).toBe('UNAUTHENTICATED');
    expect(role(['reporter', 42])).toBe('UNAUTHENTICATED');
    expect(role(['reporter', ''])).toBe('UNAUTHENTICATED');
  });

  it('a name is read as a list only when bracketed on both sides, and a broken JSON list gives no group', () => {
    expect(role('xadmin]')).toBe('UNAUTHENTICATED');
    expect(role('[adminx')).toBe('UNAUTHENTICATED');
    expect(role('["admin]')).toBe('UNAUTHENTICATED');
    expect(role('["reporter","admin"]')).toBe('admin');
  });

  it("a reporter reads its unit's own era only: the same code naming another unit in an earlier period is refused", () => {
    // 00004 is Phường Ba Đình since July 2025, Phường Trúc Bạch before.
    expect(outcome(() => assertCanReadUnit(who('reporter', '00004'), '00004', registry, parsePeriod('2026-Q3')!))).toBe('ok');
    expect(outcome(() => assertCanReadUnit(who('reporter', '00004'), '00004', registry, parsePeriod('2021-H1')!))).toBe('FORBIDDEN');
  });

  it("staff read a province as in force for the period: today's 82 is not the 82 of 2021", () => {
    expect(outcome(() => assertCanReadProvince(who('province', '82'), '82', registry, parsePeriod('2026-Q3')!))).toBe('ok');
    expect(outcome(() => assertCanReadProvince(who('province', '82'), '82', registry, parsePeriod('2021-H1')!))).toBe('FORBIDDEN');
  });

  it('staff whose unit is not a province read nothing; a province code that is not a province, or unknown, is refused', () => {
    expect(outcome(() => assertCanReadUnit(who('province', '870'), '870', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadProvince(who('admin', '870'), '87', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadProvince(who('province', '87'), '870', registry))).toBe('FORBIDDEN');
    expect(outcome(() => assertCanReadProvince(who('province', '87'), '99', registry))).toBe('FORBIDDEN');
  });
});

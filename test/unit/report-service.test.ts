/**
 * ReportService on the in-memory ports: the submission rules (create, retry, amend,
 * preconditions, lost races), access, and that a refusal writes nothing. Runs without
 * Java in `npm run test:unit`; the same rules are checked end to end through HTTP on
 * DynamoDB Local in test/reports-api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.ts';
import { DomainError } from '../../shared/errors/errors.ts';
import { deadlineInstant, parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { FormCatalog } from '../../shared/forms/catalog.ts';
import { ReportService } from '../../shared/report/service.ts';
import { memoryStorage } from '../support/fakes.ts';
import { checkBody } from '../support/report.ts';
import { seedBody as seed } from '../support/report.ts';

const reporter = (unit: string): Principal => ({ sub: `u-${unit}`, unit, role: 'reporter' });
const staff: Principal = { sub: 'staff-87', unit: '87', role: 'province' };
/** The end of the last day of 2021-H1's deadline under the registry's policy for province 87. */
const DEADLINE = deadlineInstant(parsePeriod('2021-H1')!, bundledRegistry().deadlinePolicy('87'));
const BEFORE = new Date(DEADLINE.getTime() - 86_400_000).toISOString();

function setup(at = BEFORE) {
  const s = memoryStorage();
  let now = new Date(at);
  const registry = bundledRegistry();
  const service = new ReportService({ reports: s.reports, registry: async () => registry, forms: new FormCatalog(), clock: () => now });
  const submit = (unit: string, body: unknown, ifMatch: number | null = null, who = reporter(unit)) =>
    service.submit({ principal: who, unit, period: '2021-H1', body, ifMatch, requestId: `r-${Math.random()}`, lang: 'en' });
  return { s, service, submit, setClock: (iso: string) => (now = new Date(iso)) };
}

/** The DomainError a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const amended = (count: number) => {
  const b = seed();
  b.values.INSPECTED_UNITS.value = count;
  return b;
};

describe('ReportService on in-memory ports', () => {
  it('a first submission stores version 1, its latest item, a document job and a change on the province-period marker', async () => {
    const { s, submit } = setup();
    const r = await submit('870', seed());
    expect(r.created).toBe(true);
    expect(r.latest).toMatchObject({ unit: '870', period: '2021-H1', province: '87', version: 1, receivedAt: BEFORE, onTime: true });
    expect(r.latest.document.state).toBe('pending');
    expect(r.warnings.map((w) => w.code)).toEqual(checkBody('870', '2021-H1', seed()).warnings.map((w) => w.code));
    expect(r.warnings.length).toBeGreaterThan(0);
    expect([...s.table.versions.keys()]).toEqual(['870|2021-H1|1']);
    expect([...s.table.jobs.values()].map((j) => j.version)).toEqual([1]);
    expect(s.table.markers.get('87|2021-H1')).toMatchObject({ changeSeq: 1, rolledSeq: 0 });
  });

  it('the same content again is a retry: the same version, nothing written', async () => {
    const { s, submit, setClock } = setup();
    const first = await submit('870', seed());
    const writes = s.table.writes.length;
    setClock('2021-06-21T02:00:00.000Z');
    const again = await submit('870', seed(), null);
    expect(again.created).toBe(false);
    expect(again.latest.version).toBe(first.latest.version);
    expect(again.latest.receivedAt).toBe(first.latest.receivedAt);
    expect(s.table.writes.length).toBe(writes);
  });

  it('an amendment needs If-Match with the current version; the first receipt (on time or not) stays', async () => {
    const { s, submit, setClock } = setup();
    await submit('870', seed());
    const missing = await refusal(submit('870', amended(11), null));
    expect([missing.kind, missing.code, missing.params.current]).toEqual(['precondition_required', 'PRECONDITION_REQUIRED', 1]);
    const stale = await refusal(submit('870', amended(11), 0));
    expect([stale.kind, stale.code, stale.params.current]).toEqual(['precondition_failed', 'PRECONDITION_FAILED', 1]);
    expect(s.table.versions.size).toBe(1);
    setClock('2021-12-31T02:00:00.000Z');
    const v2 = await submit('870', amended(11), 1);
    expect(v2.created).toBe(true);
    expect(v2.latest.version).toBe(2);
    expect(v2.latest.receivedAt).toBe('2021-12-31T02:00:00.000Z');
    expect(v2.latest.firstReceivedAt).toBe(BEFORE);
    expect(v2.latest.onTime).toBe(true);
    expect(s.table.markers.get('87|2021-H1')?.changeSeq).toBe(2);
  });

  it('on time up to the end of the deadline day (ICT), late one millisecond after', async () => {
    expect((await setup(DEADLINE.toISOString()).submit('870', seed())).latest.onTime).toBe(true);
    expect((await setup(new Date(DEADLINE.getTime() + 1).toISOString()).submit('870', seed())).latest.onTime).toBe(false);
  });

  it('only the unit’s own reporter writes; a refusal writes nothing', async () => {
    const { s, submit } = setup();
    // Staff and admins are refused even when their unit is the district itself: the role half of the rule.
    const district = (role: Principal['role']): Principal => ({ sub: `${role}-870`, unit: '870', role });
    for (const who of [
      reporter('871'),
      staff,
      { sub: 'a', unit: '87', role: 'admin' } as Principal,
      district('province'),
      district('admin'),
    ]) {
      const e = await refusal(submit('870', seed(), null, who));
      expect([e.kind, e.code]).toEqual(['forbidden', 'FORBIDDEN']);
    }
    expect(s.table.writes).toEqual([]);
  });

  it('bad input: a validation error with the JSON path, nothing written', async () => {
    const { s, submit } = setup();
    const b = seed();
    b.values.INSPECTED_UNITS.value = '10';
    const e = await refusal(submit('870', b));
    expect([e.kind, e.code]).toEqual(['validation', 'VALIDATION_FAILED']);
    expect(e.details.map((d) => d.path)).toContain('$.values.INSPECTED_UNITS.value');
    expect(s.table.writes).toEqual([]);
  });

  it('unknown unit and period are 404s, checked before anything is read or written', async () => {
    const { s, submit, service } = setup();
    expect((await refusal(submit('99999', seed()))).code).toBe('UNKNOWN_UNIT');
    const e = await refusal(
      service.submit({
        principal: reporter('870'),
        unit: '870',
        period: '2021-H3',
        body: seed(),
        ifMatch: null,
        requestId: 'r',
        lang: 'vi',
      }),
    );
    expect([e.kind, e.code]).toEqual(['not_found', 'UNKNOWN_PERIOD']);
    expect(s.table.writes).toEqual([]);
  });

  it('two first submissions racing: one version 1; the other is a precondition failure, or a retry when identical', async () => {
    const { s, submit } = setup();
    const [a, b] = await Promise.allSettled([submit('870', amended(1)), submit('870', amended(2))]);
    const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? 'created' : (r.reason as DomainError).code)).sort();
    expect(outcomes).toEqual(['PRECONDITION_FAILED', 'created']);
    expect(s.table.versions.size).toBe(1);
    const [c, d] = await Promise.all([submit('871', seed()), submit('871', seed())]);
    expect([c.created, d.created].sort()).toEqual([false, true]);
    expect(c.latest.version).toBe(1);
    expect(d.latest.version).toBe(1);
  });

  it('reads: the reporter and province staff see versions; the document is 409 until it is ready', async () => {
    const { s, submit, service } = setup();
    await submit('870', seed());
    await submit('870', amended(12), 1);
    const list = await service.versions(staff, '870', '2021-H1', { limit: 50 });
    expect(list.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(list.nextCursor).toBeUndefined();
    const first = await service.versions(staff, '870', '2021-H1', { limit: 1 });
    expect([first.versions.map((v) => v.version), first.nextCursor]).toEqual([[2], '2']);
    const rest = await service.versions(staff, '870', '2021-H1', { limit: 1, below: 2 });
    expect([rest.versions.map((v) => v.version), rest.nextCursor]).toEqual([[1], undefined]);
    expect(list.versions.every((v) => !('content' in v))).toBe(true);
    const v1 = await service.get(reporter('870'), '870', '2021-H1', 1);
    expect(v1.record.content.values.INSPECTED_UNITS?.value).toBe(seed().values.INSPECTED_UNITS.value);
    expect(v1.latest.version).toBe(2);
    expect((await refusal(service.get(reporter('871'), '870', '2021-H1'))).code).toBe('FORBIDDEN');
    const pending = await refusal(service.document(reporter('870'), '870', '2021-H1'));
    expect([pending.kind, pending.code]).toEqual(['conflict', 'DOCUMENT_PENDING']);
    const job = (await s.reports.pendingArtifactJobs(10)).find((j) => j.version === 2)!;
    const ready = { state: 'ready' as const, key: 'reports/x.docx', size: 10, fileName: 'x.docx', updatedAt: '2021-06-20T02:00:01.000Z' };
    await s.reports.setDocumentState(job, ready, true);
    expect(await service.document(reporter('870'), '870', '2021-H1')).toEqual({ version: 2, state: ready });
    // Version 1's document is still pending: asked for by number, it is still a 409.
    expect((await refusal(service.document(reporter('870'), '870', '2021-H1', 1))).code).toBe('DOCUMENT_PENDING');
  });
});

/**
 * Regressions for the bugs the hostile-input fuzzing found (test/hostile/properties.ts),
 * each named by its input. Through the real local server, DynamoDB Local and s3rver.
 */
import { request } from 'node:http';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.ts';
import { DynamoHealthProbe } from '../../shared/adapters/health.ts';
import { buildReportDocx } from '../../shared/documents/report-docx.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { reportFacts } from '../../shared/forms/facts.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseReport } from '../../shared/report/validate.ts';
import { MAX_STORED_BYTES, MAX_STORED_WARNINGS } from '../../shared/report/service.ts';
import { MAX_DETAILS } from '../../shared/report/validate.ts';
import { MAX_BODY_BYTES } from '../../functions/lib/http.ts';
import { blobStore } from '../../functions/lib/wiring.ts';
import { example, startHostile, unexplainedChanges, type Hostile, type Resp } from './harness.ts';
import { LEAK_PATTERNS } from './arbitraries.ts';

let h: Hostile;
const URL870 = '/v1/units/870/reports/2021-H1';
const SECTIONS = ['direction', 'inspection', 'communication', 'results', 'difficulties'] as const;
const FORM = bundledForms().find((f) => f.id === 'dong-thap-2021')!;
function parsed(body: unknown) {
  const r = parseReport(FORM, body, 'vi');
  if (!r.ok) throw new Error(JSON.stringify(r.details.slice(0, 3)));
  return r.report;
}

beforeAll(async () => {
  h = await startHostile();
});
afterAll(async () => h?.close());

/** The example with every section's paragraphs made of `paragraphs` × `runs` copies of `run`. */
function bloated(run: unknown, paragraphs: number, runs: number): Record<string, any> {
  const b = example();
  const p = Array(runs).fill(run);
  for (const s of SECTIONS) b.sections[s] = { ...b.sections[s], paragraphs: Array(paragraphs).fill(p) };
  return b;
}

async function put(body: unknown, o: { path?: string; ifMatch?: string; lang?: string } = {}): Promise<Resp> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.ifMatch) headers['if-match'] = o.ifMatch;
  if (o.lang) headers['accept-language'] = o.lang;
  return h.http({ method: 'PUT', path: o.path ?? URL870, role: 'reporter870', headers, body: Buffer.from(JSON.stringify(body)) });
}

async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  await h.app.settle(); // documents of earlier accepted reports are built first: only fn's writes may show
  const before = await h.snapshot();
  const out = await fn();
  const after = await h.snapshot();
  expect([...after.items]).toEqual([...before.items]);
  expect([...after.objects]).toEqual([...before.objects]);
  return out;
}

function noLeak(r: Resp): void {
  for (const [name, p] of LEAK_PATTERNS) expect(p.test(r.text), `body leaks ${name}`).toBe(false);
}

describe('found by fuzzing: error lists as long as the body allows', () => {
  // 5 sections × 2 paragraphs × 40 runs × a footnote of 200 empty references `{}`:
  // 255 KB, 160,000 errors. The answer was 29 MB (Lambda answers at most 6 MB: a 5xx in AWS).
  const emptyRefs = () => bloated({ footnote: { documents: Array(200).fill({}) } }, 2, 40);

  it('"paragraphs of footnotes of 200 empty references" (255 KB, 160,000 errors): 422 listing 100 and counting the rest', async () => {
    const body = emptyRefs();
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(MAX_BODY_BYTES);
    for (const lang of ['vi', 'en']) {
      const r = await unchanged(() => put(body, { lang }));
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      const d = r.body.error.details;
      expect(d).toHaveLength(MAX_DETAILS + 1);
      expect(d[0]).toMatchObject({ path: '$.sections.direction.paragraphs[0][0].footnote.documents[0].kind', code: 'REQUIRED' });
      expect(d[MAX_DETAILS]).toMatchObject({ path: '$', code: 'TOO_MANY_ERRORS' });
      expect(d[MAX_DETAILS].message).toContain(String(160_000 - MAX_DETAILS));
      expect(r.text.length).toBeLessThan(64 * 1024);
      noLeak(r);
    }
  });

  it('the same body to /validate: 422 with the same capped list', async () => {
    const r = await unchanged(() =>
      h.http({
        method: 'POST',
        path: `${URL870}/validate`,
        role: 'reporter870',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(emptyRefs())),
      }),
    );
    expect(r.status).toBe(422);
    expect(r.body.error.details).toHaveLength(MAX_DETAILS + 1);
  });

  it('"LATE_DOSSIERS with 700 breakdown rows each above its level\'s total" (cross-field errors) are capped too', async () => {
    const b = example();
    b.values.LATE_DOSSIERS.levels.unit.breakdown.field = Array.from({ length: 200 }, () => ({ key: 'dat-dai', value: 999 }));
    b.values.LATE_DOSSIERS.levels.commune.breakdown.commune = Array.from({ length: 500 }, (_, i) => ({ name: `Xã ${i}`, value: 999 }));
    const r = await unchanged(() => put(b));
    expect(r.status).toBe(422);
    expect(r.body.error.details).toHaveLength(MAX_DETAILS + 1);
    expect(r.body.error.details[0].code).toBe('PART_EXCEEDS_WHOLE');
    expect(r.body.error.details[MAX_DETAILS].code).toBe('TOO_MANY_ERRORS');
  });
});

describe('found by fuzzing: reports under 256 KB that do not fit a DynamoDB item (was 500)', () => {
  it('"5 sections × 64 paragraphs × 50 runs of {\\"footnote\\":{}}" (260 KB body; 484 KB once defaults are filled in) → 413 REPORT_TOO_LARGE', async () => {
    let paragraphs = 100;
    let body = bloated({ footnote: {} }, paragraphs, 50);
    while (Buffer.byteLength(JSON.stringify(body)) > MAX_BODY_BYTES) body = bloated({ footnote: {} }, --paragraphs, 50);
    expect(Buffer.byteLength(JSON.stringify(parsed(body)))).toBeGreaterThan(400 * 1024);
    const r = await unchanged(() => put(body, { lang: 'en' }));
    expect(r.status, r.text.slice(0, 300)).toBe(413);
    expect(r.body.error.code).toBe('REPORT_TOO_LARGE');
    expect(r.body.error.message).toContain(String(MAX_STORED_BYTES));
    noLeak(r);
  });

  // With the warnings of a version capped (issue 15 §2), such a report fits: it is stored with its first
  // MAX_STORED_WARNINGS warnings and their count, in a bounded item and a bounded answer (it was 765 KB, then 413).
  it('"footnotes citing 4,500 plans dated 2099" (218 KB body, 4,502 warnings) → 201 with the first 100 warnings and warningCount 4,502, on PUT and on /validate', async () => {
    const docs = Array.from({ length: 180 }, (_, i) => ({ kind: 'a', number: String(i), date: '2099-01-01' }));
    const body = bloated({ footnote: { documents: docs } }, 1, 5);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(MAX_BODY_BYTES);
    const path = '/v1/units/870/reports/2021-Q1';
    const v = await unchanged(() =>
      h.http({
        method: 'POST',
        path: `${path}/validate`,
        role: 'reporter870',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      }),
    );
    expect(v.status, v.text.slice(0, 300)).toBe(200);
    expect([v.body.warnings.length, v.body.warningCount]).toEqual([MAX_STORED_WARNINGS, 4502]);
    const r = await put(body, { path });
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    expect([r.body.warnings.length, r.body.warningCount]).toEqual([MAX_STORED_WARNINGS, 4502]);
    expect(Buffer.byteLength(r.text)).toBeLessThan(40_000);
    const g = await h.http({ method: 'GET', path: `${path}?version=${r.body.version}`, role: 'reporter870' });
    expect([g.body.warnings.length, g.body.warningCount]).toEqual([MAX_STORED_WARNINGS, 4502]);
    expect(Buffer.byteLength(JSON.stringify(g.body.content)) + Buffer.byteLength(JSON.stringify(g.body.warnings))).toBeLessThan(
      MAX_STORED_BYTES,
    );
  });

  it('a large report that does fit is still accepted (201) and reads back whole', async () => {
    const docs = Array.from({ length: 20 }, (_, i) => ({ kind: 'Kế hoạch', number: `${i}/KH-UBND`, date: '2021-01-05' }));
    const body = bloated({ footnote: { documents: docs } }, 2, 5);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(60_000);
    const r = await put(body, { path: '/v1/units/870/reports/2021-Q3' });
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    const g = await h.http({ method: 'GET', path: '/v1/units/870/reports/2021-Q3', role: 'reporter870' });
    expect(g.body.content.sections.direction.paragraphs).toHaveLength(2);
  });
});

describe('found by fuzzing: text the .docx cannot hold', () => {
  it.each([
    ['U+FFFF appended to "Kế hoạch" (legalBasis[0].kind)', ['legalBasis', 0, 'kind'], 'Kế hoạch\uffff'],
    [
      'U+FFFE before a footnote subject',
      ['sections', 'direction', 'paragraphs', 0, 1, 'footnote', 'documents', 0, 'subject'],
      '\ufffevề sắp xếp',
    ],
    ['U+FFFE in the signer name', ['signature', 'name'], 'Nguyễn Văn\ufffe Khơi'],
  ] as const)('%s: 422 CONTROL_CHARACTER with its path (was accepted, and the .docx would not open)', async (_name, path, value) => {
    const b = example();
    let o: any = b;
    for (const k of path.slice(0, -1)) o = o[k];
    o[path[path.length - 1]!] = value;
    const r = await unchanged(() => put(b));
    expect(r.status).toBe(422);
    const jsonPath = `$.${path.map(String).join('.')}`.replace(/\.(\d+)/g, '[$1]');
    expect(r.body.error.details).toContainEqual(expect.objectContaining({ path: jsonPath, code: 'CONTROL_CHARACTER' }));
  });

  it('every text the schema accepts renders into XML 1.0 (tab, newline, NEL and astral characters included)', async () => {
    const b = example();
    b.signature.name = 'Nguyễn\tVăn\u0085 Khơi \u{1F1FB}\u{1F1F3} \ufffd';
    const registry = bundledRegistry();
    const facts = reportFacts(registry, registry.unitForPeriod('870', parsePeriod('2021-H1')!)!, parsePeriod('2021-H1')!, FORM);
    const docx = await buildReportDocx(
      { body: parsed(b), form: FORM, facts },
      { unitCode: '870', unitName: 'Huyện Hồng Ngự', period: '2021-H1', version: 1 },
    );
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Khơi');
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
  });
});

describe('found by fuzzing: the local server', () => {
  it('"GET //[" (a request target that is no URL): API Gateway\'s 404 {"message":"Not Found"} in JSON (was 500)', async () => {
    const u = new URL(h.app.url);
    const r = await new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '//[', method: 'GET' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, type: String(res.headers['content-type']) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.text)).toEqual({ message: 'Not Found' });
  });
});

describe('found by fuzzing: concurrent health checks failed each other (a shared probe item)', () => {
  const N = 40;

  it(`${N} table probes at once on the shared HEALTH item all pass (any read-back counts, not only its own write)`, async () => {
    const probe = new DynamoHealthProbe(documentClient(), h.app.table);
    const results = await Promise.allSettled(Array.from({ length: N }, () => probe.check()));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});

describe('the storage snapshot the fuzzing and the access matrix compare', () => {
  it('sees an object overwritten under the same key, not only added or removed keys', async () => {
    const blobs = blobStore();
    await blobs.put('reports/snapshot-check.json', '{"a":1}', { contentType: 'application/json' });
    const before = await h.snapshot();
    expect(unexplainedChanges(before, await h.snapshot(), [])).toEqual([]);
    await blobs.put('reports/snapshot-check.json', '{"a":2}', { contentType: 'application/json' });
    const after = await h.snapshot();
    expect([...after.objects.keys()]).toEqual([...before.objects.keys()]);
    expect(unexplainedChanges(before, after, [])).toEqual(['overwrote object reports/snapshot-check.json']);
  });
});

/**
 * The document path end to end: PUT answers with the document pending, the artifacts
 * function builds the .docx from the table's stream, the document endpoint hands out a
 * presigned URL that fetch() downloads, and the file opens. When S3 is unreachable the
 * document stays pending and the scheduled retry finishes the job.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClients } from '../../shared/adapters/clients.ts';
import { resetContexts } from '../../functions/lib/wiring.ts';
import { freePort } from '../../scripts/local/stack.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let reporter: string;
const URL870 = '/v1/units/870/reports/2021-H1';

beforeAll(async () => {
  app = await startTestApp();
  reporter = await app.token('reporter', '870');
});
afterAll(async () => app?.close());

async function download(path: string, token: string): Promise<{ bytes: Buffer; res: Response; body: any }> {
  const r = await app.call('GET', path, { token });
  expect(r.status, r.text).toBe(200);
  const res = await fetch(r.body.url);
  expect(res.status).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), res, body: r.body };
}

async function documentXml(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

describe('the official document of each version', () => {
  it('is built off the request path, then downloads through a short-lived presigned URL', async () => {
    const put = await app.call('PUT', URL870, { token: reporter, body: example() });
    expect(put.status).toBe(201);
    expect(put.body.document).toEqual({ state: 'pending', href: `${URL870}/document?version=1` });
    // The stream delivers the job item to the artifacts function; no sweep runs in tests.
    await app.settle();
    const latest = await app.call('GET', URL870, { token: reporter });
    expect(latest.body.document).toMatchObject({ state: 'ready', fileName: 'BC-CCHC-870-2021-H1-v1.docx' });
    const { bytes, res, body } = await download(`${URL870}/document`, reporter);
    expect(body.fileName).toBe('BC-CCHC-870-2021-H1-v1.docx');
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect(body.url).toContain('X-Amz-Expires=');
    expect(body.url).toContain('reports/87/2021-H1/870/v1.docx');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toContain('BC-CCHC-870-2021-H1-v1.docx');
    expect(bytes.byteLength).toBe(latest.body.document.size);
    expect(body.size).toBe(latest.body.document.size);
    const xml = await documentXml(bytes);
    expect(xml).toContain('Nguyễn Văn Khơi');
    expect(xml).toContain('BÁO CÁO');
    expect(xml).not.toContain('DOC_DATED_AFTER_REPORT');
  });

  it('province staff download it too; ?version=N gives an older version', async () => {
    const amended = example();
    amended.values.INSPECTED_UNITS.value = 11;
    amended.sections.inspection.paragraphs = ['Trong 06 tháng đầu năm 2021, đã tiến hành kiểm tra được 11 xã, thị trấn.'];
    const put = await app.call('PUT', URL870, { token: reporter, body: amended, headers: { 'if-match': '"1"' } });
    expect(put.status).toBe(201);
    await app.settle();
    const staff = await app.token('province', '87');
    const v2 = await documentXml((await download(`${URL870}/document`, staff)).bytes);
    const v1 = await documentXml((await download(`${URL870}/document?version=1`, staff)).bytes);
    expect(v2).toContain('kiểm tra được 11 xã');
    expect(v1).toContain('kiểm tra được 10 xã');
    expect(v1).not.toContain('kiểm tra được 11 xã');
  });
});

describe('when S3 is down while the document is built', () => {
  it('answers 201 with the document pending, 409 on download, and the retry makes it ready', async () => {
    const good = process.env.AWS_ENDPOINT_URL_S3!;
    // Fault injection: point the SDK at a port where nothing listens.
    process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${await freePort()}`;
    resetClients();
    resetContexts();
    const body = example();
    body.values.PROVINCIAL_PORTAL_ARTICLES.value = 7;
    let put: Awaited<ReturnType<TestApp['call']>>;
    try {
      put = await app.call('PUT', URL870, { token: reporter, body, headers: { 'if-match': '"2"' } });
      // The artifacts function gets the job from the stream and cannot write to S3.
      await app.settle();
    } finally {
      process.env.AWS_ENDPOINT_URL_S3 = good;
      resetClients();
      resetContexts();
    }
    expect(put.status, put.text).toBe(201);
    expect(put.body.version).toBe(3);
    expect(put.body.document.state).toBe('pending');
    const pending = await app.call('GET', `${URL870}/document`, { token: reporter });
    expect(pending.status).toBe(409);
    expect(pending.body.error.code).toBe('DOCUMENT_PENDING');
    expect(pending.body.error.message).toMatch(/đang được tạo/);
    expect(await app.listObjects()).not.toContain('reports/87/2021-H1/870/v3.docx');

    const swept = await app.scheduler.runSweep();
    expect(swept).toEqual({ tried: 1, ready: 1 });
    const { bytes } = await download(`${URL870}/document`, reporter);
    expect(await documentXml(bytes)).toContain('Nguyễn Văn Khơi');
    expect(await app.listObjects()).toEqual(expect.arrayContaining(['reports/87/2021-H1/870/v3.docx', 'reports/87/2021-H1/870/v3.json']));
    const latest = await app.call('GET', URL870, { token: reporter });
    expect(latest.body.document.state).toBe('ready');
    // Nothing left to retry.
    expect(await app.scheduler.runSweep()).toEqual({ tried: 0, ready: 0 });
  });
});

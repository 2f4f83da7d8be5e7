/**
 * Issue 15 §4: text that looks the same but is not. Unicode format characters are
 * stripped before the empty check and the content hash (docs/decisions/0801-*), and a
 * word mixing Latin with Cyrillic or Greek look-alikes draws a warning. Through the real
 * handlers, DynamoDB Local and s3rver.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let reporter: string;
const URL870 = '/v1/units/870/reports/2021-H1';
const ZWSP = '\u200B';
const RLO = '\u202E';

beforeAll(async () => {
  app = await startTestApp();
  reporter = await app.token('reporter', '870');
  expect((await app.call('PUT', URL870, { token: reporter, body: example() })).status).toBe(201);
});
afterAll(async () => app?.close());

const unchanged = <T>(fn: () => Promise<T>): Promise<T> => app.unchanged(fn);

async function documentXml(key: string): Promise<string> {
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const o = await s3.send(new GetObjectCommand({ Bucket: app.bucket, Key: key }));
    return (await JSZip.loadAsync(await o.Body!.transformToByteArray())).file('word/document.xml')!.async('string');
  } finally {
    s3.destroy();
  }
}

describe('Unicode format characters', () => {
  it('two zero-width spaces do not fill a required field: 422 at its path, nothing stored', async () => {
    const b = example();
    b.signature.name = `${ZWSP}${ZWSP}`;
    b.signature.title = ` \u2060\uFEFF `;
    const r = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: b, headers: { 'if-match': '"1"' } }));
    expect(r.status, r.text).toBe(422);
    const paths = r.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['$.signature.name', '$.signature.title']));
  });

  it('a zero-width space, a BOM or a bidi mark in an otherwise identical report is the same version (200, nothing stored)', async () => {
    const b = example();
    b.signature.name = `${b.signature.name.slice(0, 3)}${ZWSP}${b.signature.name.slice(3)}\u200E`;
    b.header.symbol = `\uFEFF${b.header.symbol}\u2066`;
    const r = await unchanged(() => app.call('PUT', URL870, { token: reporter, body: b, headers: { 'if-match': '"1"' } }));
    expect(r.status, r.text).toBe(200);
    expect(r.body.version).toBe(1);
  });

  it('a right-to-left override never reaches the stored text or the official .docx', async () => {
    const b = example();
    b.signature.name = `Trần ${RLO}Văn An\u202C`;
    const r = await app.call('PUT', URL870, { token: reporter, body: b, headers: { 'if-match': '"1"' } });
    expect(r.status, r.text).toBe(201);
    const g = await app.call('GET', URL870, { token: reporter });
    expect(g.body.content.signature.name).toBe('Trần Văn An');
    await app.settle();
    const xml = await documentXml(`reports/87/2021-H1/870/v${r.body.version}.docx`);
    expect(xml).toContain('Trần Văn An');
    expect(xml).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
  });
});

describe('look-alike letters', () => {
  it('a word mixing Latin with a Cyrillic "у" is a new version (it is another text) with a MIXED_SCRIPT warning at its path', async () => {
    const current = (await app.call('GET', URL870, { token: reporter })).body.version;
    const b = example();
    b.signature.name = 'Nguyễn Văn Khơi'.replace('y', '\u0443');
    const r = await app.call('PUT', URL870, { token: reporter, body: b, headers: { 'if-match': `"${current}"` } });
    expect(r.status, r.text).toBe(201);
    const w = r.body.warnings.filter((x: any) => x.code === 'MIXED_SCRIPT');
    expect(w).toHaveLength(1);
    expect(w[0].path).toBe('$.signature.name');
    expect(w[0].message).toContain('Ngu\u0443ễn');
    const en = await app.call('POST', `${URL870}/validate`, { token: reporter, body: b, headers: { 'accept-language': 'en' } });
    expect(en.body.warnings.find((x: any) => x.code === 'MIXED_SCRIPT').message).toMatch(/Cyrillic or Greek/);
  });

  it('Vietnamese words and a Greek or Russian word standing alone draw no such warning', async () => {
    const b = example();
    b.signature.name = 'Nguyễn Văn Khơi (Ελλάδα, Россия)';
    const r = await app.call('POST', `${URL870}/validate`, { token: reporter, body: b });
    expect(r.status, r.text).toBe(200);
    expect(r.body.warnings.filter((x: any) => x.code === 'MIXED_SCRIPT')).toEqual([]);
  });
});

/**
 * The provinces and public functions reach the bucket through aws4fetch (S3HttpBlobStore,
 * S3HttpReadProbe) instead of the S3 client. Against the real s3rver they answer as the
 * S3 client's adapter does: the same bytes and headers both ways, undefined for a
 * missing key, StoreUnavailableError when S3 cannot be reached, and download links that
 * fetch the object.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../shared/adapters/clients.ts';
import { attachment } from '../../shared/adapters/content-disposition.ts';
import { S3BlobStore } from '../../shared/adapters/s3.ts';
import { S3HttpBlobStore, S3HttpReadProbe } from '../../shared/adapters/s3-http.ts';
import { StoreUnavailableError } from '../../shared/errors/errors.ts';
import { freePort } from '../../scripts/local/stack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(async () => app?.close());

const bytes = new TextEncoder().encode(JSON.stringify({ tỉnh: 'Đồng Tháp', n: 870 }));

/** The object as the S3 client reads it: bytes and the headers a download uses. */
async function sdkObject(bucket: string, key: string) {
  const r = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: Buffer.from(await r.Body!.transformToByteArray()), type: r.ContentType, disposition: r.ContentDisposition };
}

/** Points both adapters at a port where nothing listens, for the length of `fn`. */
async function withS3Down(fn: () => Promise<void>) {
  const good = process.env.AWS_ENDPOINT_URL_S3!;
  process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${await freePort()}`;
  try {
    await fn();
  } finally {
    process.env.AWS_ENDPOINT_URL_S3 = good;
  }
}

describe('S3HttpBlobStore', () => {
  it('reads what the S3 client wrote, and writes what the S3 client reads, with the same headers', async () => {
    const sdk = new S3BlobStore(s3Client(), app.bucket);
    const http = new S3HttpBlobStore(app.bucket);
    await sdk.put('rollups/87/a/Tổng hợp.json', bytes, { contentType: 'application/json', downloadName: 'Báo cáo tổng hợp.json' });
    expect(Buffer.from((await http.get('rollups/87/a/Tổng hợp.json'))!)).toEqual(Buffer.from(bytes));
    await http.put('rollups/87/b/Tổng hợp.json', bytes, { contentType: 'application/json', downloadName: 'Báo cáo tổng hợp.json' });
    const a = await sdkObject(app.bucket, 'rollups/87/a/Tổng hợp.json');
    const b = await sdkObject(app.bucket, 'rollups/87/b/Tổng hợp.json');
    expect(b).toEqual(a);
    expect(b.disposition).toBe(attachment('Báo cáo tổng hợp.json'));
    await http.put('health/1', 'ok', { contentType: 'text/plain' });
    expect(Buffer.from((await sdk.get('health/1'))!).toString()).toBe('ok');
  });

  it('stores gzip-encoded when asked, as the S3 client adapter does, and either reads it back plain', async () => {
    const sdk = new S3BlobStore(s3Client(), app.bucket);
    const http = new S3HttpBlobStore(app.bucket);
    await sdk.put('rollups/87/gz/sdk.json', bytes, { contentType: 'application/json', compress: true });
    await http.put('rollups/87/gz/http.json', bytes, { contentType: 'application/json', compress: true });
    for (const key of ['rollups/87/gz/sdk.json', 'rollups/87/gz/http.json']) {
      const raw = await s3Client().send(new GetObjectCommand({ Bucket: app.bucket, Key: key }));
      expect(raw.ContentEncoding, key).toBe('gzip');
      expect(gunzipSync(await raw.Body!.transformToByteArray()).equals(Buffer.from(bytes)), key).toBe(true);
      expect(Buffer.from((await http.get(key))!), key).toEqual(Buffer.from(bytes));
      expect(Buffer.from((await sdk.get(key))!), key).toEqual(Buffer.from(bytes));
    }
  });

  it('a missing key, or a missing bucket, reads as undefined, as with the S3 client (every 404)', async () => {
    expect(await new S3HttpBlobStore(app.bucket).get('rollups/87/none.json')).toBeUndefined();
    expect(await new S3BlobStore(s3Client(), app.bucket).get('rollups/87/none.json')).toBeUndefined();
    const none = `${app.bucket}-none`;
    expect(await new S3HttpBlobStore(none).get('x')).toBeUndefined();
    expect(await new S3BlobStore(s3Client(), none).get('x')).toBeUndefined();
  });

  it('hands out links that download the object', async () => {
    const http = new S3HttpBlobStore(app.bucket);
    await http.put('rollups/87/c/units.csv', bytes, { contentType: 'text/csv' });
    const url = await http.presignGet('rollups/87/c/units.csv', 300, 'Đơn vị.csv');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(bytes));
  });

  it('S3 out of reach is StoreUnavailableError (a 503), not a missing object', async () => {
    await withS3Down(async () => {
      const http = new S3HttpBlobStore(app.bucket);
      await expect(http.get('rollups/87/a/Tổng hợp.json')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(http.put('health/2', 'ok', { contentType: 'text/plain' })).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  it('a write S3 refuses is StoreUnavailableError', async () => {
    await expect(new S3HttpBlobStore(`${app.bucket}-none`).put('health/3', 'ok', { contentType: 'text/plain' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describe('S3HttpReadProbe', () => {
  it('passes when the bucket answers, though health/probe does not exist; fails when S3 is out of reach', async () => {
    await expect(new S3HttpReadProbe(app.bucket).read()).resolves.toBeUndefined();
    await withS3Down(async () => {
      await expect(new S3HttpReadProbe(app.bucket).read()).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
});

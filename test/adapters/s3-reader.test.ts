/**
 * The provinces API reads the bucket through S3ObjectReader (aws4fetch) instead of the
 * S3 client: against the real s3rver it answers as S3BlobStore does: the bytes of an
 * object, undefined for a missing key, StoreUnavailableError when S3 cannot be reached,
 * and download links that fetch the object. It never writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../shared/adapters/clients.ts';
import { S3BlobStore } from '../../shared/adapters/s3.ts';
import { S3ObjectReader } from '../../shared/adapters/s3-reader.ts';
import { StoreUnavailableError } from '../../shared/errors/errors.ts';
import { freePort } from '../../scripts/local/stack.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(async () => app?.close());

describe('S3ObjectReader', () => {
  const key = 'rollups/87/2021-H1/0000000001-abc/Tổng hợp 87.json';
  const bytes = new TextEncoder().encode(JSON.stringify({ tỉnh: 'Đồng Tháp', n: 870 }));

  it('reads what the S3 client wrote, byte for byte, and finds the same missing keys', async () => {
    const sdk = new S3BlobStore(s3Client(), app.bucket);
    await sdk.put(key, bytes, 'application/json');
    const reader = new S3ObjectReader(app.bucket);
    expect(await reader.get(key)).toEqual(await sdk.get(key));
    expect(Buffer.from((await reader.get(key))!)).toEqual(Buffer.from(bytes));
    expect(await reader.get('rollups/87/none.json')).toBeUndefined();
    expect(await sdk.get('rollups/87/none.json')).toBeUndefined();
  });

  it('hands out links that download the object under its Vietnamese name', async () => {
    const url = await new S3ObjectReader(app.bucket).presignGet(key, 300, 'Báo cáo tổng hợp.json');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(bytes));
  });

  it('S3 out of reach is StoreUnavailableError (a 503), not a missing object', async () => {
    const good = process.env.AWS_ENDPOINT_URL_S3!;
    process.env.AWS_ENDPOINT_URL_S3 = `http://127.0.0.1:${await freePort()}`;
    try {
      await expect(new S3ObjectReader(app.bucket).get(key)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      process.env.AWS_ENDPOINT_URL_S3 = good;
    }
  });

  it('a 404 for the bucket reads as the S3 client reads it (S3BlobStore maps every 404 to a missing object)', async () => {
    const bucket = `${app.bucket}-none`;
    expect(await new S3BlobStore(s3Client(), bucket).get(key)).toBeUndefined();
    expect(await new S3ObjectReader(bucket).get(key)).toBeUndefined();
  });

  it('never writes', async () => {
    await expect(new S3ObjectReader(app.bucket).put()).rejects.toThrow(/read-only/);
  });
});

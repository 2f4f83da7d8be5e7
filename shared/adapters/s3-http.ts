/**
 * The bucket without the S3 client, for the API functions that only read and write a
 * few small objects and hand out download links (provinces: summary.json and the rollup
 * files; public: the health probes). One SigV4-signed request each (aws4fetch) instead
 * of @aws-sdk/client-s3 and its presigner, about 135 KiB of each bundle, which also made
 * their cold starts slower. Same endpoint, addressing, credentials and attempts as the
 * S3 client, and the same answers as S3BlobStore: a missing key reads as undefined,
 * anything else that fails is StoreUnavailableError.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { StoreUnavailableError } from '../errors/errors.ts';
import type { BlobMeta, BlobStore, ReadProbe } from '../storage/ports.ts';
import { attachment } from './content-disposition.ts';
import { HEALTH_READ_KEY } from './health.ts';
import { S3UrlSigner, s3ObjectUrl, s3Signer } from './s3-url-signer.ts';

const gzipAsync = promisify(gzip);

/** Three attempts in all, as the S3 client is configured (shared/adapters/clients.ts): aws4fetch retries 5xx and 429. */
const RETRIES = 2;

/** One signed request; a network failure is StoreUnavailableError. */
async function send(bucket: string, key: string, init: RequestInit): Promise<Response> {
  try {
    return await s3Signer(RETRIES).fetch(s3ObjectUrl(bucket, key).toString(), init);
  } catch (e) {
    throw new StoreUnavailableError(e);
  }
}

async function failed(res: Response, operation: string): Promise<StoreUnavailableError> {
  const text = await res.text().catch(() => '');
  return new StoreUnavailableError(new Error(`S3 ${operation} answered ${res.status}: ${text.slice(0, 200)}`));
}

export class S3HttpBlobStore implements BlobStore {
  private readonly urls: S3UrlSigner;

  constructor(private readonly bucket: string) {
    this.urls = new S3UrlSigner(bucket);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const res = await send(this.bucket, key, { method: 'GET' });
    // As S3BlobStore: every 404 (no such key, or no such bucket) is a missing object.
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) throw await failed(res, 'GetObject');
    try {
      // fetch decodes an object stored gzip-encoded (Content-Encoding: gzip), as S3BlobStore.get does.
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new StoreUnavailableError(e);
    }
  }

  async put(key: string, body: Uint8Array | string, { contentType, downloadName, compress }: BlobMeta): Promise<void> {
    const res = await send(this.bucket, key, {
      method: 'PUT',
      body: compress ? await gzipAsync(body, { level: 1 }) : body,
      headers: {
        'content-type': contentType,
        ...(compress ? { 'content-encoding': 'gzip' } : {}),
        ...(downloadName ? { 'content-disposition': attachment(downloadName) } : {}),
      },
    });
    if (!res.ok) throw await failed(res, 'PutObject');
    await res.body?.cancel();
  }

  presignGet(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    return this.urls.presignGet(key, expiresInSeconds, fileName);
  }
}

/**
 * The public check's read of the bucket: a GET of health/probe, which need not exist.
 * S3 answering "no such key" (404) or, for a role without s3:ListBucket, "access denied"
 * (403) for a missing key proves the bucket answers; a network failure, a timeout or
 * a 5xx fails the probe.
 */
export class S3HttpReadProbe implements ReadProbe {
  constructor(private readonly bucket: string) {}

  async read(): Promise<void> {
    const res = await send(this.bucket, HEALTH_READ_KEY, { method: 'GET' });
    await res.body?.cancel();
    if (res.ok || res.status === 404 || res.status === 403) return;
    throw new StoreUnavailableError(new Error(`S3 GetObject answered ${res.status}`));
  }
}

/**
 * A read-only BlobStore without the S3 client, for a function that only reads objects
 * and hands out download links (the provinces API: summary.json and the rollup files).
 * One SigV4-signed GET (aws4fetch) instead of @aws-sdk/client-s3 and its presigner,
 * about 135 KiB of that bundle, which also made its cold start slower. Same endpoint,
 * addressing and credentials as the S3 client; the same answers as S3BlobStore.get: a
 * missing key is undefined, anything else that fails is StoreUnavailableError.
 */
import { StoreUnavailableError } from '../errors/errors.ts';
import type { BlobStore } from '../storage/ports.ts';
import { S3UrlSigner, s3ObjectUrl, s3Signer } from './s3-url-signer.ts';

/** Three attempts in all, as the S3 client is configured (shared/adapters/clients.ts): aws4fetch retries 5xx and 429. */
const RETRIES = 2;

export class S3ObjectReader implements BlobStore {
  private readonly urls: S3UrlSigner;

  constructor(private readonly bucket: string) {
    this.urls = new S3UrlSigner(bucket);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    let res: Response;
    try {
      res = await s3Signer(RETRIES).fetch(s3ObjectUrl(this.bucket, key).toString(), { method: 'GET' });
    } catch (e) {
      throw new StoreUnavailableError(e);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw new StoreUnavailableError(new Error(`S3 GetObject answered ${res.status}: ${text.slice(0, 200)}`));
    }
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new StoreUnavailableError(e);
    }
  }

  presignGet(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    return this.urls.presignGet(key, expiresInSeconds, fileName);
  }

  /** This store only reads (the function's role may not write objects either). */
  put(): Promise<void> {
    return Promise.reject(new Error('S3ObjectReader is read-only'));
  }
}

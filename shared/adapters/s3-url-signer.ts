/**
 * Presigned S3 GET URLs without the S3 client: a SigV4 query signature (aws4fetch,
 * about 3 KiB) instead of @aws-sdk/client-s3 and its presigner (about 110 KiB), so the
 * reports API bundle, whose only use of the bucket is handing out download links,
 * stays small. Credentials, region and endpoint come from the environment, as for
 * the SDK clients (the Lambda runtime's role credentials; locally the stack's).
 */
import { AwsClient } from 'aws4fetch';
import type { UrlSigner } from '../storage/ports.ts';
import { requiredEnv } from './clients.ts';
import { attachment } from './content-disposition.ts';

/** S3 keys are signed with each segment encoded once (S3 does not double-encode). */
const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * A SigV4 client for S3 from the environment. Credentials are read per call: the
 * runtime's role credentials do not change within a container, but tests swap them.
 */
export function s3Signer(retries?: number): AwsClient {
  return new AwsClient({
    accessKeyId: requiredEnv('AWS_ACCESS_KEY_ID'),
    secretAccessKey: requiredEnv('AWS_SECRET_ACCESS_KEY'),
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    region: requiredEnv('AWS_REGION'),
    service: 's3',
    ...(retries === undefined ? {} : { retries }),
  });
}

/** An object's URL with the same endpoint and addressing the S3 client uses (AWS_ENDPOINT_URL_S3 and path style locally, s3rver). */
export function s3ObjectUrl(bucket: string, key: string): URL {
  const endpoint = new URL(process.env.AWS_ENDPOINT_URL_S3 ?? `https://s3.${requiredEnv('AWS_REGION')}.amazonaws.com`);
  return process.env.S3_FORCE_PATH_STYLE === 'true'
    ? new URL(`${endpoint.origin}/${bucket}/${encodeKey(key)}`)
    : new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}/${encodeKey(key)}`);
}

export class S3UrlSigner implements UrlSigner {
  constructor(
    private readonly bucket: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async presignGet(key: string, expiresInSeconds: number, fileName?: string): Promise<string> {
    const aws = s3Signer();
    const url = s3ObjectUrl(this.bucket, key);
    url.searchParams.set('X-Amz-Expires', String(expiresInSeconds));
    // As the SDK's presigner writes them (so the two sign the same request): the operation
    // name, and the payload of a presigned GET is not signed.
    url.searchParams.set('x-id', 'GetObject');
    url.searchParams.set('X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD');
    if (fileName) url.searchParams.set('response-content-disposition', attachment(fileName));
    const datetime = this.clock()
      .toISOString()
      .replace(/[:-]|\.\d{3}/g, '');
    const signed = await aws.sign(url.toString(), { method: 'GET', aws: { signQuery: true, datetime } });
    return signed.url;
  }
}

/**
 * The reports API signs download links with aws4fetch instead of the S3 client (a
 * smaller bundle). s3rver does not check signatures, so the links are checked here
 * against the AWS SDK's own presigner: same key, time, expiry and download name, the
 * same URL and signature, for path-style (local) and virtual-hosted (AWS) addressing.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it } from 'vitest';
import { attachment } from '../../shared/adapters/content-disposition.ts';
import { S3UrlSigner } from '../../shared/adapters/s3-url-signer.ts';

const AT = new Date('2026-11-30T08:15:30.123Z');
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function env(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

async function sdkUrl(o: { bucket: string; key: string; fileName?: string; endpoint?: string; pathStyle: boolean; token?: string }) {
  const s3 = new S3Client({
    region: 'ap-southeast-1',
    credentials: { ...CREDS, ...(o.token ? { sessionToken: o.token } : {}) },
    forcePathStyle: o.pathStyle,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  });
  const cmd = new GetObjectCommand({
    Bucket: o.bucket,
    Key: o.key,
    ...(o.fileName ? { ResponseContentDisposition: attachment(o.fileName) } : {}),
  });
  return new URL(await getSignedUrl(s3, cmd, { expiresIn: 900, signingDate: AT }));
}

const params = (u: URL) => Object.fromEntries([...u.searchParams.entries()].sort());

describe('S3UrlSigner', () => {
  const cases = [
    {
      name: 'path-style through a local endpoint, with a Vietnamese download name',
      endpoint: 'http://127.0.0.1:4569',
      pathStyle: true,
      fileName: 'Báo cáo CCHC 870 6 tháng.docx',
    },
    { name: 'virtual-hosted on AWS, with a session token', pathStyle: false, token: 'FQoGZXIvYXdzEXAMPLETOKEN//////////' },
  ];
  for (const c of cases) {
    it(`signs as the AWS SDK does: ${c.name}`, async () => {
      env({
        AWS_REGION: 'ap-southeast-1',
        AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
        AWS_SESSION_TOKEN: c.token,
        AWS_ENDPOINT_URL_S3: c.endpoint,
        S3_FORCE_PATH_STYLE: c.pathStyle ? 'true' : undefined,
      });
      const key = 'reports/87/2021-H1/870/v1.docx';
      const ours = new URL(await new S3UrlSigner('cchc-hub-bucket', () => AT).presignGet(key, 900, c.fileName));
      const theirs = await sdkUrl({ ...c, bucket: 'cchc-hub-bucket', key });
      expect(ours.origin + ours.pathname).toBe(theirs.origin + theirs.pathname);
      expect(params(ours)).toEqual(params(theirs));
      expect(ours.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('a different key or time gives a different signature', async () => {
    env({
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
    });
    const sig = async (key: string, at: Date) =>
      new URL(await new S3UrlSigner('b', () => at).presignGet(key, 900)).searchParams.get('X-Amz-Signature');
    const a = await sig('reports/a.docx', AT);
    expect(await sig('reports/b.docx', AT)).not.toBe(a);
    expect(await sig('reports/a.docx', new Date(AT.getTime() + 1000))).not.toBe(a);
    expect(await sig('reports/a.docx', AT)).toBe(a);
  });
});

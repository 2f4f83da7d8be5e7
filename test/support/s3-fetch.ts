/**
 * The API functions reach the bucket with signed fetch requests (shared/adapters/s3-http.ts)
 * rather than the S3 client, so tests that count or record storage commands by wrapping
 * the SDK clients also watch fetch: every request to the local S3 endpoint, by operation
 * (GetObject, PutObject) and object key, once S3 answered.
 */
const OPERATIONS: Record<string, string> = { GET: 'GetObject', PUT: 'PutObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' };

/** Calls `seen` for each S3 request fetch sends while installed (path-style URLs: /bucket/key); returns the uninstaller. */
export function watchS3Fetch(seen: (operation: string, key: string, ok: boolean) => void): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const endpoint = process.env.AWS_ENDPOINT_URL_S3;
    const res = await original(input, init);
    if (endpoint && url.origin === new URL(endpoint).origin) {
      const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
      const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
      seen(OPERATIONS[method] ?? method, key, res.ok);
    }
    return res;
  };
  return () => {
    globalThis.fetch = original;
  };
}

/**
 * Starts one real DynamoDB Local and one s3rver for the whole suite; each test file
 * makes its own table and bucket (test/support/app.ts), so files run in parallel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws } from '../../scripts/local/stack.ts';
import { buildWeb, webBuildIsStale } from '../../scripts/local/web.ts';

export default async function setup(): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The web app once, before the workers: the e2e tests serve it and the stack deploys it.
  if (webBuildIsStale()) await buildWeb({ quiet: true });
  const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-s3-'));
  const aws = await startLocalAws({ s3Dir });
  // Workers are forked after this runs and inherit the environment.
  Object.assign(process.env, aws.env, { LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' });
  return async () => {
    await aws.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  };
}

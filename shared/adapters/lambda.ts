/**
 * Lambda adapter of the RollupRunner port: the provinces API function asks the rollup
 * function to run a province-period now (a synchronous Invoke), so the API bundle
 * carries no .xlsx/.docx builders. Locally the Invoke goes to scripts/local/lambda.ts.
 *
 * The Invoke is one SigV4-signed POST (aws4fetch, about 3 KiB) rather than
 * @aws-sdk/client-lambda, which would add about 70 KiB of operation schemas to a
 * bundle that must stay under 700 KiB. Credentials come from the environment, where
 * the Lambda runtime puts the function role's (and the local stack puts its own).
 */
import { AwsClient } from 'aws4fetch';
import { requiredEnv } from './clients.ts';
import { StoreUnavailableError } from '../errors/errors.ts';
import type { RollupRunner, RunOutcome } from '../rollup/service.ts';

/** What the rollup function accepts for a run on demand (functions/rollup/index.ts). */
export interface RunNowEvent {
  runNow: { province: string; period: string };
}

export class LambdaRollupRunner implements RollupRunner {
  private readonly aws: AwsClient;
  private readonly url: string;

  constructor(functionName: string) {
    const region = requiredEnv('AWS_REGION');
    this.aws = new AwsClient({
      accessKeyId: requiredEnv('AWS_ACCESS_KEY_ID'),
      secretAccessKey: requiredEnv('AWS_SECRET_ACCESS_KEY'),
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
      region,
      service: 'lambda',
      // No retry: a retried Invoke could run the rollup twice (harmless, but slow).
      retries: 0,
    });
    const endpoint = process.env.AWS_ENDPOINT_URL_LAMBDA ?? `https://lambda.${region}.amazonaws.com`;
    this.url = `${endpoint.replace(/\/$/, '')}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  }

  async run(province: string, period: string): Promise<RunOutcome> {
    const event: RunNowEvent = { runNow: { province, period } };
    let res: Response;
    try {
      res = await this.aws.fetch(this.url, {
        method: 'POST',
        body: JSON.stringify(event),
        headers: { 'content-type': 'application/json' },
      });
    } catch (e) {
      throw new StoreUnavailableError(e);
    }
    const text = await res.text();
    if (res.status === 429 || res.status >= 500) throw new StoreUnavailableError(new Error(`Lambda Invoke answered ${res.status}`));
    if (res.status !== 200) throw new Error(`Lambda Invoke answered ${res.status}: ${text.slice(0, 200)}`);
    const functionError = res.headers.get('x-amz-function-error');
    if (functionError) {
      const err = safeJson(text) as { errorType?: string; errorMessage?: string } | undefined;
      // The rollup could not reach the table or bucket: the same 503 as when the run was in-process.
      if (err?.errorType === 'StoreUnavailableError') throw new StoreUnavailableError(new Error(err.errorMessage));
      throw new Error(`rollup function failed: ${err?.errorType ?? functionError}: ${err?.errorMessage ?? text.slice(0, 200)}`);
    }
    return JSON.parse(text) as RunOutcome;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * SDK clients, created once per process (Lambda container). Endpoints come from the
 * standard AWS_ENDPOINT_URL_* variables, so production code has no endpoint settings.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

let ddb: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;

export function documentClient(): DynamoDBDocumentClient {
  ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return ddb;
}

export function s3Client(): S3Client {
  s3 ??= new S3Client({
    maxAttempts: 3,
    // s3rver (local) needs path-style; harmless on AWS for bucket names without dots.
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3;
}

/** For tests that point a fresh client somewhere else (e.g. an unreachable S3). */
export function resetClients(): void {
  ddb = undefined;
  s3 = undefined;
}

export function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is not set`);
  return v;
}

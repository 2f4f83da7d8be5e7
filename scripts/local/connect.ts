/**
 * For command-line tools (rollup, registry): use this checkout's running `npm start`
 * stack if there is one (DynamoDB Local cannot open the same data directory twice), found
 * through .data/stack.json and checked to be alive and really this checkout's; otherwise
 * start one on .data/ for the duration of the command. Never another checkout's stack:
 * nothing is found by probing ports. Both ways use this checkout's access key.
 */
import { join } from 'node:path';
import {
  checkoutCredentials,
  dataDirFromEnv,
  forgetStack,
  LocalStartError,
  newStackId,
  portFromEnv,
  prepareDataDir,
  recordStack,
  runningStack,
} from './checkout.ts';
import { localAwsEnv, startLocalAws } from './stack.ts';

export interface LocalConnection {
  /** True when this command started its own stack (and stops it in close()). */
  started: boolean;
  /** One line for the user: which stack the command uses. */
  describe: string;
  close(): Promise<void>;
}

export async function connectLocal(): Promise<LocalConnection> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.TABLE_NAME ??= 'cchc-reports';
  process.env.BUCKET_NAME ??= 'cchc-documents';
  // In AWS (no local endpoints wanted) the caller sets AWS credentials and LOCAL=false.
  if (process.env.LOCAL === 'false') return { started: false, describe: 'AWS', close: async () => {} };
  const dataDir = dataDirFromEnv();
  prepareDataDir(dataDir);
  const credentials = checkoutCredentials(dataDir);
  const running = await runningStack(dataDir);
  if (running?.owner === 'tool')
    throw new LocalStartError(
      `Một lệnh khác (pid ${running.pid}) đang dùng dữ liệu ${dataDir}; chờ lệnh đó xong. (Another command, pid ${running.pid}, is using ${dataDir}; wait for it to finish.)`,
    );
  if (running) {
    Object.assign(process.env, localAwsEnv(running.dynamoPort, running.s3Port, credentials));
    return {
      started: false,
      describe: `Dùng dịch vụ cục bộ đang chạy (using the running local stack) ${running.url}: DynamoDB :${running.dynamoPort}, S3 :${running.s3Port}`,
      close: async () => {},
    };
  }
  const aws = await startLocalAws({
    dataDir,
    s3Dir: join(dataDir, 's3'),
    dynamoPort: portFromEnv('DYNAMODB_PORT', 'DYNAMO_PORT'),
    s3Port: portFromEnv('S3_PORT'),
    credentials,
  });
  const id = newStackId();
  recordStack({
    id,
    pid: process.pid,
    owner: 'tool',
    dynamoPort: aws.dynamoPort,
    s3Port: aws.s3Port,
    dataDir,
    startedAt: new Date().toISOString(),
  });
  Object.assign(process.env, aws.env);
  return {
    started: true,
    describe: `Đã khởi động DynamoDB Local và S3 cục bộ trên ${dataDir} cho lệnh này (started the local stack for this command)`,
    async close() {
      forgetStack(dataDir, id);
      await aws.stop();
    },
  };
}

/** For the command-line tools: the connection, or one line saying why not and exit 1. */
export async function connectLocalOrExit(): Promise<LocalConnection> {
  try {
    return await connectLocal();
  } catch (e) {
    console.error(
      e instanceof LocalStartError
        ? e.message
        : `Không khởi động được dịch vụ cục bộ (could not start the local stack): ${(e as Error).message}`,
    );
    process.exit(1);
  }
}

/**
 * `npm start`: the whole service on this machine, data under .data/ (DATA_DIR to move it).
 * Ports: PORT for the API (default 3000 when free, else any free port), DYNAMODB_PORT and
 * S3_PORT (default: free ports). A port asked for and taken is refused in one line. The
 * ports and a random id are recorded in .data/stack.json, where this checkout's tools
 * (rollup, registry) find the running stack. Every exit path stops what was started.
 */
import { join } from 'node:path';
import { startLocalAws, type LocalAws } from './local/stack.ts';
import { startApp, type RunningApp } from './local/app.ts';
import { localKeys } from './local/keys.ts';
import {
  checkoutCredentials,
  dataDirFromEnv,
  ensurePortFree,
  forgetStack,
  LocalStartError,
  newStackId,
  portFree,
  portFromEnv,
  prepareDataDir,
  recordStack,
  runningStack,
} from './local/checkout.ts';
import { buildWeb, webBuildIsStale } from './local/web.ts';

const DEFAULT_API_PORT = 3000;
const dataDir = dataDirFromEnv();
const stackId = newStackId();
let aws: LocalAws | undefined;
let app: RunningApp | undefined;
let stopping = false;

/** Stops whatever was started, in reverse order; safe to call more than once. */
async function stopAll(): Promise<void> {
  const a = app;
  const s = aws;
  app = undefined;
  aws = undefined;
  forgetStack(dataDir, stackId);
  await a?.close().catch(() => {});
  await s?.stop().catch(() => {});
}

async function fail(e: unknown): Promise<never> {
  const text = e instanceof LocalStartError ? e.message : `Không khởi động được (could not start): ${(e as Error)?.message ?? String(e)}`;
  console.error(text);
  await stopAll();
  process.exit(1);
}

async function main(): Promise<void> {
  prepareDataDir(dataDir);
  const running = await runningStack(dataDir);
  if (running)
    throw new LocalStartError(
      running.owner === 'server'
        ? `Dịch vụ đã chạy trên dữ liệu ${dataDir} tại ${running.url} (pid ${running.pid}). (Already running on this data at ${running.url}.)`
        : `Một lệnh khác (pid ${running.pid}) đang dùng dữ liệu ${dataDir}; chờ lệnh đó xong. (Another command, pid ${running.pid}, is using this data.)`,
    );
  const asked = portFromEnv('PORT');
  if (asked !== undefined) await ensurePortFree(asked, 'API', 'PORT');
  const apiPort = asked ?? ((await portFree(DEFAULT_API_PORT)) ? DEFAULT_API_PORT : 0);
  const rollupEveryMinutes = Number(process.env.ROLLUP_EVERY_MINUTES ?? 5);
  const credentials = checkoutCredentials(dataDir);

  if (webBuildIsStale()) {
    console.log('Đang dựng ứng dụng web (building the web app)...');
    await buildWeb({ quiet: true });
  }
  console.log('Đang khởi động (starting) DynamoDB Local và S3 cục bộ...');
  aws = await startLocalAws({
    dataDir,
    s3Dir: join(dataDir, 's3'),
    dynamoPort: portFromEnv('DYNAMODB_PORT', 'DYNAMO_PORT'),
    s3Port: portFromEnv('S3_PORT'),
    credentials,
  });
  Object.assign(process.env, aws.env);
  const key = await localKeys(join(dataDir, 'keys'));
  app = await startApp({
    table: process.env.TABLE_NAME ?? 'cchc-reports',
    bucket: process.env.BUCKET_NAME ?? 'cchc-documents',
    port: apiPort,
    key,
    rollupEveryMinutes,
    sweepEverySeconds: 60,
    stackId,
    outboxDir: join(dataDir, 'outbox'),
    remindEveryMinutes: Number(process.env.REMIND_EVERY_MINUTES ?? 60),
    web: true,
  });
  recordStack({
    id: stackId,
    pid: process.pid,
    owner: 'server',
    url: app.url,
    dynamoPort: aws.dynamoPort,
    s3Port: aws.s3Port,
    dataDir,
    startedAt: new Date().toISOString(),
  });

  console.log(`
CCHC report hub đang chạy tại ${app.url}
  Ứng dụng web: ${app.url}/  (trang đăng nhập thử trên máy: chọn vai trò và đơn vị)
  Dữ liệu:   ${dataDir}  (cổng / ports: API ${new URL(app.url).port}, DynamoDB ${aws.dynamoPort}, S3 ${aws.s3Port}; ghi trong stack.json)
  Tài liệu API: ${app.url}/v1/openapi.json
  Tổng hợp tự động mỗi ${rollupEveryMinutes} phút (ROLLUP_EVERY_MINUTES).
  Thư thông báo (nhắc hạn, duyệt, trả lại, tổng hợp cho Sở): tệp .eml trong ${app.outboxDir}

Lấy mã đăng nhập (token) và gửi báo cáo mẫu:
  TOKEN=$(npm run -s token -- --role reporter --unit 870)
  curl -X PUT ${app.url}/v1/units/870/reports/2021-H1 \\
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    --data @data/examples/870-2021-H1.json

Nhấn Ctrl-C để dừng.`);
}

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: đang dừng...`);
  await stopAll();
  console.log('Đã dừng.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
// Anything thrown later (not a handler's error: those are answered) still stops Java and s3rver.
process.on('uncaughtException', (e) => void fail(e));
process.on('unhandledRejection', (e) => void fail(e));

await main().catch(fail);

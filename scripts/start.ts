/**
 * `npm start`: the whole service on this machine, data under .data/.
 */
import { resolve } from 'node:path';
import { startLocalAws } from './local/stack.ts';
import { startApp } from './local/app.ts';
import { localKeys } from './local/keys.ts';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const rollupEveryMinutes = Number(process.env.ROLLUP_EVERY_MINUTES ?? 5);

console.log('Đang khởi động (starting) DynamoDB Local và S3 cục bộ...');
const aws = await startLocalAws({
  dataDir,
  s3Dir: `${dataDir}/s3`,
  dynamoPort: Number(process.env.DYNAMO_PORT ?? 8569),
  s3Port: Number(process.env.S3_PORT ?? 8570),
});
Object.assign(process.env, aws.env);
const key = await localKeys(`${dataDir}/keys`);
let app;
try {
  app = await startApp({
    table: process.env.TABLE_NAME ?? 'cchc-reports',
    bucket: process.env.BUCKET_NAME ?? 'cchc-documents',
    port,
    key,
    rollupEveryMinutes,
    sweepEverySeconds: 60,
  });
} catch (e) {
  console.error(`Không khởi động được: ${(e as Error).message}`);
  await aws.stop();
  process.exit(1);
}

console.log(`
CCHC report hub đang chạy tại ${app.url}
  Dữ liệu:   ${dataDir}
  Tài liệu API: ${app.url}/v1/openapi.json
  Tổng hợp tự động mỗi ${rollupEveryMinutes} phút (ROLLUP_EVERY_MINUTES).

Lấy mã đăng nhập (token) và gửi báo cáo mẫu:
  TOKEN=$(npm run -s token -- --role reporter --unit 870)
  curl -X PUT ${app.url}/v1/units/870/reports/2021-H1 \\
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    --data @data/examples/870-2021-H1.json

Nhấn Ctrl-C để dừng.`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: đang dừng...`);
  await app!.close();
  await aws.stop();
  console.log('Đã dừng.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

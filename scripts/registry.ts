/**
 * `npm run registry -- --file units.json`: replaces the org-unit registry after
 * checking it (an administrator's task). `npm run registry` alone prints the current
 * one's version and counts. Locally it uses this checkout's running `npm start` stack
 * (found through .data/stack.json) or starts one on .data/ for the command;
 * in AWS set LOCAL=false, TABLE_NAME and the usual AWS credentials.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { documentClient } from '../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../shared/adapters/dynamo.ts';
import { ensureTable } from '../shared/adapters/provision.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { RegistryData } from '../shared/registry/registry.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalStartError } from './local/checkout.ts';
import { connectLocal, type LocalConnection } from './local/connect.ts';

const { values } = parseArgs({ options: { file: { type: 'string' } } });
let conn: LocalConnection;
try {
  conn = await connectLocal();
} catch (e) {
  console.error(e instanceof LocalStartError ? e.message : `Không khởi động được dịch vụ cục bộ (could not start the local stack): ${(e as Error).message}`);
  process.exit(1);
}
try {
  if (conn.started) await ensureTable(new DynamoDBClient({}), process.env.TABLE_NAME!);
  const store = new DynamoRegistryStore(documentClient(), process.env.TABLE_NAME!);
  if (values.file) {
    const parsed = RegistryData.safeParse(JSON.parse(readFileSync(values.file, 'utf8')));
    if (!parsed.success) {
      console.error('Danh mục không hợp lệ (invalid registry):');
      for (const i of parsed.error.issues) console.error(`  ${i.path.join('.')}: ${i.message}`);
      process.exitCode = 1;
    } else {
      await store.save(parsed.data);
      console.log(`Đã thay danh mục: phiên bản ${parsed.data.version}, ${parsed.data.units.length} đơn vị, ${parsed.data.provinces.length} tỉnh.`);
      console.log('Các hàm Lambda / máy chủ cục bộ dùng danh mục mới trong vòng 1 phút.');
    }
  } else {
    const current = (await store.load()) ?? bundledRegistry().data;
    console.log(`Danh mục hiện hành: phiên bản ${current.version}, ${current.units.length} đơn vị, ${current.provinces.length} tỉnh.`);
  }
} finally {
  await conn.close();
}

/**
 * `npm run province -- --file f.json`: sets a province's document settings (signer,
 * Nơi nhận, number symbol, province-tier form) in the registry's province configuration,
 * after checking the file; every problem is listed with its path. The file:
 *
 *   { "province": "87", "document": { "issuingAuthority": "Sở Nội vụ", "place": "Đồng Tháp",
 *     "symbol": "BC-SNV", "recipients": [...], "distribution": [...],
 *     "signature": { "lines": [{ "prefix": "KT.", "text": "Giám đốc" }], "title": "Phó Giám đốc", "name": "..." } } }
 *
 * `npm run province -- --province 87` prints the current settings. Locally it uses the
 * running `npm start` stack (or .data/); in AWS set LOCAL=false, TABLE_NAME and the usual
 * AWS credentials. The next rollup run uses them.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../shared/adapters/clients.ts';
import { DynamoFormStore, DynamoRegistryStore } from '../shared/adapters/dynamo.ts';
import { FormCatalog } from '../shared/forms/catalog.ts';
import { ensureTable } from '../shared/adapters/provision.ts';
import { setProvinceDocument } from '../shared/province/configure.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { connectLocalOrExit } from './local/connect.ts';

const USAGE = `Cách dùng (usage): npm run province -- --file f.json      đặt cấu hình văn bản của tỉnh
                    npm run province -- --province 87     xem cấu hình hiện hành`;

const { values } = parseArgs({
  options: { file: { type: 'string' }, province: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help || (!values.file && !values.province)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

/** The forms a province may name as its own: those the service knows (bundled and stored). */
async function knownForms(table: string): Promise<(ref: { id: string; version: number }) => boolean> {
  const all = await new FormCatalog(new DynamoFormStore(documentClient(), table)).all();
  return (ref) => all.some((f) => f.id === ref.id && f.version === ref.version);
}

const conn = await connectLocalOrExit();
try {
  if (conn.started) await ensureTable(new DynamoDBClient({}), process.env.TABLE_NAME!);
  const store = new DynamoRegistryStore(documentClient(), process.env.TABLE_NAME!);
  const current = (await store.load()) ?? bundledRegistry().data;
  if (values.file) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(values.file, 'utf8'));
    } catch (e) {
      console.error(`Không đọc được tệp ${values.file}: ${(e as Error).message}`);
      process.exitCode = 1;
    }
    if (json !== undefined) {
      const r = setProvinceDocument(current, json, await knownForms(process.env.TABLE_NAME!));
      if (!r.ok) {
        console.error('Cấu hình không hợp lệ, chưa thay đổi gì:');
        for (const p of r.problems) console.error(`  ${p.path}: ${p.message}`);
        process.exitCode = 1;
      } else {
        await store.save(r.data);
        const d = r.file.document;
        console.log(
          `Đã đặt cấu hình văn bản của tỉnh ${r.file.province}: ${d.issuingAuthority}, số .../${d.symbol}, người ký ${d.signature.title} ${d.signature.name}.`,
        );
        console.log('Các hàm Lambda / máy chủ cục bộ dùng cấu hình mới trong vòng 1 phút; lần tổng hợp sau sẽ áp dụng.');
      }
    }
  } else {
    const p = current.provinces.find((x) => x.code === values.province);
    if (!p) {
      console.error(`Tỉnh ${values.province} không có trong danh mục đơn vị.`);
      process.exitCode = 1;
    } else
      console.log(
        p.document ? JSON.stringify(p.document, null, 2) : `Tỉnh ${p.code}: chưa cấu hình văn bản (các văn bản in "(chưa cấu hình)").`,
      );
  }
} finally {
  await conn.close();
}

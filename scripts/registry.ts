/**
 * The unit registry, an administrator's tool. Locally it uses this checkout's running
 * `npm start` stack (found through .data/stack.json) or starts one on .data/ for the
 * command; in AWS set LOCAL=false, TABLE_NAME and the usual AWS credentials.
 *
 *   npm run registry                                          the current one: version, counts
 *   npm run registry -- --seed                                load the registry that ships with the repo
 *   npm run registry -- --file registry.json                  replace it with a file (checked first)
 *   npm run registry -- --export registry.json                write the current one to a file
 *   npm run registry -- --province 82 --departments sở.csv    set a province's departments
 *
 * Every replacement is checked: the schema, and that no stored report would be stranded
 * (a unit with reports moved to another province, or removed, for those reports' periods).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../shared/adapters/dynamo.ts';
import { ensureTable } from '../shared/adapters/provision.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { Registry, RegistryData } from '../shared/registry/registry.ts';
import { describeStranded, strandedReports } from '../shared/registry/replace.ts';
import { connectLocalOrExit } from './local/connect.ts';
import { parseDepartments, withDepartments } from './registry/departments.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    seed: { type: 'boolean' },
    export: { type: 'string' },
    province: { type: 'string' },
    departments: { type: 'string' },
    version: { type: 'string' },
  },
});

const counts = (d: RegistryData) => {
  const by = new Map<string, number>();
  for (const u of d.units) by.set(u.kind, (by.get(u.kind) ?? 0) + 1);
  return [...by].map(([k, n]) => `${n} ${k}`).join(', ');
};

/** Checks a candidate and stores it; false (with the reasons printed) when refused. */
async function replace(store: DynamoRegistryStore, candidate: unknown): Promise<boolean> {
  const parsed = RegistryData.safeParse(candidate);
  if (!parsed.success) {
    console.error('Danh mục không hợp lệ (invalid registry):');
    for (const i of parsed.error.issues.slice(0, 50)) console.error(`  ${i.path.join('.')}: ${i.message}`);
    return false;
  }
  const stranded = strandedReports(new Registry(parsed.data), await store.reportHomes());
  if (stranded.length) {
    console.error(`Từ chối thay danh mục: ${stranded.length} báo cáo đã lưu sẽ không còn thuộc đúng tỉnh, đơn vị của kỳ báo cáo:`);
    for (const s of stranded.slice(0, 200)) console.error(`  ${describeStranded(s)}`);
    console.error(
      'Sửa tệp danh mục (giữ đơn vị trong tỉnh cũ cho các kỳ đã báo cáo, dùng validFrom/validTo cho thay đổi về sau) rồi chạy lại.',
    );
    return false;
  }
  await store.save(parsed.data);
  console.log(
    `Đã thay danh mục: phiên bản ${parsed.data.version}, ${parsed.data.units.length} đơn vị (${counts(parsed.data)}), ${parsed.data.provinces.length} tỉnh được cấu hình.`,
  );
  console.log('Các hàm Lambda / máy chủ cục bộ dùng danh mục mới trong vòng 1 phút.');
  return true;
}

const conn = await connectLocalOrExit();
try {
  if (conn.started) await ensureTable(new DynamoDBClient({}), process.env.TABLE_NAME!);
  const store = new DynamoRegistryStore(documentClient(), process.env.TABLE_NAME!);
  let ok = true;
  if (values.file) ok = await replace(store, JSON.parse(readFileSync(values.file, 'utf8')));
  else if (values.seed) ok = await replace(store, bundledRegistry().data);
  else if (values.departments || values.province) {
    if (!values.departments || !values.province) throw new Error('Cần cả --province và --departments.');
    const current = (await store.load()) ?? bundledRegistry().data;
    const province = new Registry(current).principalUnit(values.province);
    if (province?.kind !== 'province') {
      console.error(`Không có tỉnh mã ${values.province} trong danh mục.`);
      ok = false;
    } else {
      const { units, errors } = parseDepartments(readFileSync(values.departments, 'utf8'), province);
      if (errors.length) {
        console.error(`Tệp ${values.departments} có lỗi:`);
        for (const e of errors) console.error(`  ${e}`);
        ok = false;
      } else {
        const version =
          values.version ?? `${current.version.replace(/\+sở-\d+.*$/, '')}+sở-${province.code}-${new Date().toISOString().slice(0, 10)}`;
        ok = await replace(store, { ...withDepartments(current, province, units), version });
        if (ok) console.log(`${province.name}: ${units.length} sở, ngành (mã ${units[0]?.code} … ${units[units.length - 1]?.code}).`);
      }
    }
  } else {
    const current = await store.load();
    if (values.export) {
      if (!current) throw new Error('Chưa có danh mục trong bảng.');
      writeFileSync(values.export, `${JSON.stringify(current, null, 1)}\n`);
      console.log(`Đã ghi ${values.export}.`);
    } else if (current)
      console.log(
        `Danh mục hiện hành: phiên bản ${current.version}, ${current.units.length} đơn vị (${counts(current)}), tỉnh được cấu hình: ${current.provinces.map((p) => p.code).join(', ')}.`,
      );
    else console.log('Chưa nạp danh mục: chạy npm run registry -- --seed (hoặc --file).');
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  await conn.close();
}

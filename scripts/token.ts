/**
 * `npm run token -- --role reporter --unit 870`: prints a local token, alone, as the
 * last line of stdout. Signed with the key under .data/keys, which `npm start` verifies.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/auth/principal.ts';
import { bundledRegistry } from '../shared/registry/default.ts';
import { dataDirFromEnv, prepareDataDir } from './local/checkout.ts';
import { localKeys, signToken } from './local/keys.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    unit: { type: 'string' },
    sub: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const role = values.role ?? '';
const unit = values.unit ?? '';
if (!(ROLES as readonly string[]).includes(role) || !/^\d{1,10}$/.test(unit)) {
  console.error(
    'Cách dùng: npm run token -- --role reporter|province|admin --unit <mã đơn vị>   (ví dụ --role reporter --unit 870, --role province --unit 87)',
  );
  process.exit(2);
}
// Any code of the registry, any era: a 2021 token for 870 still names Huyện Hồng Ngự.
const named = bundledRegistry().principalUnit(unit);
if (!named) console.error(`Lưu ý: đơn vị ${unit} không có trong danh mục mẫu.`);
// Staff roles belong to a province-tier unit only: a district code would reach its whole province.
else if (role !== 'reporter' && named.kind !== 'province') {
  console.error(
    `Vai trò ${role} chỉ cấp cho đơn vị cấp tỉnh; ${unit} (${named.name}) không phải đơn vị cấp tỉnh. Dùng mã tỉnh, ví dụ --unit 87.`,
  );
  process.exit(2);
}
const dataDir = dataDirFromEnv();
prepareDataDir(dataDir);
const key = await localKeys(join(dataDir, 'keys'));
console.log(await signToken(key, { role, unit, ...(values.sub ? { sub: values.sub } : {}), expiresIn: values.expires }));

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const token = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], {
    env: { ...process.env, DATA_DIR: dir },
    cwd: new URL('../../', import.meta.url).pathname,
  });
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('npm run token: any unit code of the registry', () => {
  it('signs a reporter token for a five-digit commune (28297) and a department (820002), without a warning', async () => {
    for (const unit of ['28297', '820002']) {
      const { stdout, stderr } = await token('--role', 'reporter', '--unit', unit);
      const jwt = stdout.trim().split('\n').pop()!;
      expect(claims(jwt)['custom:unit']).toBe(unit);
      expect(stderr).not.toMatch(/Lưu ý/);
    }
  });

  it('still signs for a dissolved unit (870, 2021) and warns about a code no unit ever held', async () => {
    expect((await token('--role', 'reporter', '--unit', '870')).stderr).not.toMatch(/Lưu ý/);
    expect((await token('--role', 'reporter', '--unit', '99999')).stderr).toMatch(/không có trong danh mục/);
  });
});

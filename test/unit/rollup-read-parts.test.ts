/**
 * The rollup's read in parts: where a large province's read splits (readSplits), and a
 * run whose store gives the parts' pages interleaved writes the same bytes as a run
 * read in one piece. The parts on DynamoDB Local: test/adapters/dynamo-latest-pages.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Registry, type OrgUnit } from '../../shared/registry/registry.ts';
import { rollupRenderers } from '../../shared/rollup/renderers.ts';
import { READ_PART_UNITS, READ_PARTS, readSplits, RollupService } from '../../shared/rollup/service.ts';
import type { LatestReadOptions, LatestRecord } from '../../shared/storage/ports.ts';
import { memoryStorage } from '../support/fakes.ts';

const units = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `9${String((i * 7919) % n).padStart(5, '0')}` }));

describe('readSplits', () => {
  it('reads a province of up to one part in one Query', () => {
    expect(readSplits([])).toEqual([]);
    expect(readSplits(units(READ_PART_UNITS))).toEqual([]);
  });

  it('splits evenly through the codes, one part per READ_PART_UNITS units, at most READ_PARTS', () => {
    const codes = units(1000)
      .map((u) => u.code)
      .sort();
    expect(readSplits(units(1000))).toEqual([codes[250], codes[500], codes[750]]);
    expect(readSplits(units(READ_PART_UNITS + 1))).toHaveLength(1);
    const many = readSplits(units(100_000));
    expect(many).toHaveLength(READ_PARTS - 1);
    expect(many).toEqual([...many].sort());
  });
});

describe('a rollup read in parts', () => {
  it('writes the same files as one read in a single piece, and asked the store for the parts', async () => {
    const n = 700;
    const expected: OrgUnit[] = Array.from({ length: n }, (_, i) => ({
      code: `95${String(i).padStart(4, '0')}`,
      name: `Xã Thử ${i}`,
      kind: 'commune',
      parentCode: '95',
      validFrom: '2000-01-01',
      validTo: null,
      successorCodes: [],
    }));
    const registry = new Registry({
      version: 'parts',
      hierarchyDate: 'cutoffEnd',
      calendar: { daysOff: [] },
      provinces: [
        {
          code: '95',
          reportingRules: [{ kinds: ['commune'], from: '2000-01-01', to: null }],
          deadline: { workingDaysAfterCutoff: 2, daysOff: [], workingDays: [] },
          readsHistoryOf: [],
        },
      ],
      units: [
        { code: '95', name: 'Tỉnh Thử', kind: 'province', parentCode: null, validFrom: '2000-01-01', validTo: null, successorCodes: [] },
        ...expected,
      ],
    });
    const run = async (split: boolean) => {
      const s = memoryStorage();
      // Every unit but each tenth reported, and one unit outside the list (read, listed, not counted).
      for (const code of [...expected.filter((_, i) => i % 10 !== 3).map((u) => u.code), '959999']) {
        const r: LatestRecord = {
          unit: code,
          period: '2021-H1',
          province: '95',
          version: 1,
          hash: code,
          receivedAt: '2021-06-10T01:00:00.000Z',
          firstReceivedAt: '2021-06-10T01:00:00.000Z',
          onTime: true,
          summary: { form: { id: 'bao-cao-cu', version: 1 }, values: {}, compiled: [], warnings: [], warningCount: 0 } as never,
          document: { state: 'pending' } as never,
        };
        s.table.latest.set(`95|2021-H1|${code}`, r);
      }
      const asked: (LatestReadOptions | undefined)[] = [];
      const store = s.reports;
      const read = store.latestPagesForProvincePeriod.bind(store);
      store.latestPagesForProvincePeriod = (p: string, q: string, o?: LatestReadOptions) => {
        asked.push(o);
        return read(p, q, split ? o : undefined);
      };
      const service = new RollupService({ ...s, registry: async () => registry, renderers: rollupRenderers, docx: false });
      const r = await service.run('95', '2021-H1');
      return { r, asked, files: Object.values(r.files).map((key) => Buffer.from(s.blobs.objects.get(key!)!.body).toString('base64')) };
    };
    const parts = await run(true);
    const whole = await run(false);
    expect(parts.asked[0]?.splitAt).toHaveLength(2);
    expect(parts.r.summary.completeness).toMatchObject({ expected: n, reported: n - 70, missing: 70, unexpected: 1 });
    expect(parts.r.runId).toBe(whole.r.runId);
    expect(parts.files).toEqual(whole.files);
  });
});

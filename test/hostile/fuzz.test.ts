/**
 * The hostile-input properties (test/hostile/properties.ts) with a few hundred cases
 * each and a fixed seed, through the Lambda handlers (API Gateway payload-2.0 events)
 * and through the local HTTP server, on real DynamoDB Local and s3rver.
 * The long run, 10,000 cases each: `node --openssl-legacy-provider --import tsx scripts/fuzz.ts`.
 * Set FUZZ_RUNS / FUZZ_SEED to run more cases or another seed here.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHostile, type Hostile } from './harness.ts';
import {
  arbitraryJson,
  assertProperty,
  createContext,
  mutatedExample,
  nfcNfd,
  overHttp,
  pathsAndCallers,
  seed,
  type FuzzContext,
  type PropertyDef,
} from './properties.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const scale = (n: number) => (process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : n);

let h: Hostile;
let ctx: FuzzContext;

beforeAll(async () => {
  h = await startHostile({ documents: false });
  ctx = createContext(h, 25);
  await seed(ctx);
});
afterAll(async () => h?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
const RUNS: [PropertyDef<any>, number][] = [
  [arbitraryJson, 300],
  [mutatedExample, 250],
  [pathsAndCallers, 300],
  [nfcNfd, 150],
  [overHttp, 300],
];

describe("hostile input never gets a 5xx, a leak, an unexplained write or another unit's data", () => {
  RUNS.forEach(([p, n], i) => {
    it(`${p.name} (${scale(n)} cases): ${p.what}`, async () => {
      await assertProperty(ctx, p, { numRuns: scale(n), seed: SEED + i });
    }, 120_000);
  });
});

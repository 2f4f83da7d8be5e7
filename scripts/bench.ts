/**
 * `npm run bench`: every performance figure the issues ask for, printed as tables.
 *   npm run bench            all parts
 *   npm run bench -- put     one part (put | rollup | bundles | xlsx | web | forms | registry | versions | health)
 */
import { benchForms } from './bench/forms.ts';
import { benchHealth, benchVersions } from './bench/hardening.ts';
import { benchPut } from './bench/put.ts';
import { benchRollup } from './bench/rollup.ts';
import { benchBundles } from './bench/bundles.ts';
import { benchXlsx } from './bench/xlsx.ts';
import { benchRegistry } from './bench/registry.ts';
import { benchWeb } from './bench/web.ts';

const parts: Record<string, () => Promise<string>> = {
  put: () => benchPut(100),
  rollup: () => benchRollup(),
  bundles: () => benchBundles(),
  xlsx: () => benchXlsx(),
  web: () => benchWeb(),
  forms: () => benchForms(),
  registry: () => benchRegistry(),
  versions: () => benchVersions(),
  health: () => benchHealth(1000),
};

const wanted = process.argv.slice(2).filter((a) => a in parts);
for (const name of wanted.length ? wanted : Object.keys(parts)) {
  const t0 = performance.now();
  console.log(`\n== ${name} ==`);
  console.log(await parts[name]!());
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

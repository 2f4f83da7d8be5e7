/**
 * Adds `.openapi()` to zod schemas. Import it (for its effect) before defining
 * schemas that carry OpenAPI metadata.
 *
 * The extension only patches `ZodType.prototype`, so it gets that class, not zod's
 * namespace: handing the whole namespace over as a value makes esbuild keep all of
 * it, including its 64 locales (about 250 KiB). For the same reason every module
 * imports zod as `import * as z from 'zod'` (property accesses only), never
 * `import { z } from 'zod'`; test/infra/bundles.test.ts checks the bundles for it.
 */
import * as z from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

extendZodWithOpenApi({ ZodType: z.ZodType } as unknown as Parameters<typeof extendZodWithOpenApi>[0]);

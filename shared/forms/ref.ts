/**
 * A form's identity: its id and a version of it. Apart from the form model (model.ts
 * re-exports both) so that modules naming forms (the registry's province settings)
 * do not build every schema of the form model when they load.
 */
import * as z from 'zod';

/** Form ids are slugs. */
export const FormId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

/** A report's reference to the form version it was filled against. */
export const FormRef = z.strictObject({ id: FormId, version: z.number().int().min(1).max(10_000) });
export type FormRef = z.infer<typeof FormRef>;

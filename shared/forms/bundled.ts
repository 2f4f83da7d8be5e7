/** The forms that ship with the repo (data/forms/<id>-v<version>.json), checked when first read. */
import communeQuarterly from '../../data/forms/commune-quarterly-v1.json' with { type: 'json' };
import dongThap2021 from '../../data/forms/dong-thap-2021-v1.json' with { type: 'json' };
import nq76 from '../../data/forms/nq76-six-areas-v1.json' with { type: 'json' };
import { FormFile } from './check-form.ts';
import type { FormDef } from './model.ts';

export const BUNDLED_FORM_FILES: readonly unknown[] = [dongThap2021, nq76, communeQuarterly];

let parsed: FormDef[] | undefined;

export function bundledForms(): FormDef[] {
  parsed ??= BUNDLED_FORM_FILES.map((f) => FormFile.parse(f));
  return parsed;
}

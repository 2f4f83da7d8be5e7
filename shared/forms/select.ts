/**
 * Which form a unit reports on: chosen by the server from the unit's province and tier
 * and the period (its kind, and its cut-off end within the form's validity), never by
 * the client. Among the forms that apply, a province's own form (one that lists
 * provinces) comes before a form for every province; of one form id the newest version
 * applies to new reports. Two forms of the same standing is a configuration mistake,
 * reported as such rather than decided silently. A province's configuration in the
 * registry may narrow this: only some form ids, or a form id pinned to one version.
 */
import type { Period } from '../periods/period.ts';
import type { FormDef, FormRef, Tier } from './model.ts';

/** A province's form settings (the registry's ProvinceConfig.forms). */
export interface ProvinceForms {
  /** Only these form ids apply in the province. */
  only?: readonly string[];
  /** These ids apply only in this version (not the newest). */
  pinned?: readonly FormRef[];
}

export interface FormQuery {
  province: string;
  tier: Tier;
  period: Period;
  /** The province's configuration, when it has one. */
  config?: ProvinceForms;
}

/** The forms a province's configuration allows: its `only` ids, and a pinned id in its pinned version only. */
export function allowedByProvince(forms: readonly FormDef[], config: ProvinceForms | undefined): FormDef[] {
  if (!config) return [...forms];
  const pins = new Map((config.pinned ?? []).map((r) => [r.id, r.version]));
  return forms.filter((f) => (!config.only || config.only.includes(f.id)) && (!pins.has(f.id) || pins.get(f.id) === f.version));
}

export function applies(f: FormDef, q: FormQuery): boolean {
  const a = f.appliesTo;
  const day = q.period.cutoffEnd;
  return (
    (a.provinces.length === 0 || a.provinces.includes(q.province)) &&
    a.tiers.includes(q.tier) &&
    (a.periodKinds as string[]).includes(q.period.kind) &&
    a.validFrom <= day &&
    (a.validTo === null || day <= a.validTo)
  );
}

/** The newest version of each form id among `forms`. */
export function newestVersions(forms: readonly FormDef[]): FormDef[] {
  const byId = new Map<string, FormDef>();
  for (const f of forms) {
    const cur = byId.get(f.id);
    if (!cur || f.version > cur.version) byId.set(f.id, f);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type Selection = { ok: true; form: FormDef } | { ok: false; reason: 'none' } | { ok: false; reason: 'ambiguous'; ids: string[] };

export function selectForm(forms: readonly FormDef[], q: FormQuery): Selection {
  const candidates = newestVersions(allowedByProvince(forms, q.config).filter((f) => applies(f, q)));
  if (candidates.length === 0) return { ok: false, reason: 'none' };
  const own = candidates.filter((f) => f.appliesTo.provinces.length > 0);
  const pool = own.length > 0 ? own : candidates;
  if (pool.length > 1) return { ok: false, reason: 'ambiguous', ids: pool.map((f) => f.id) };
  return { ok: true, form: pool[0]! };
}

/**
 * The forms the service knows: the bundled set (data/forms) and the forms an
 * administrator added (the FormStore). (id, version) is immutable: the same content
 * again is a no-op, other content for an existing version is refused, a revision is a
 * new version.
 */
import { DomainError, notFound, validationError } from '../errors/errors.ts';
import type { Lang } from '../i18n/messages.ts';
import type { FormStore } from '../storage/ports.ts';
import { bundledForms } from './bundled.ts';
import { parseFormFile } from './check-form.ts';
import type { FormDef, FormRef } from './model.ts';

/** Key order does not matter when comparing two versions' content. */
function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  return v;
}
export const sameForm = (a: FormDef, b: FormDef) => JSON.stringify(stable(a)) === JSON.stringify(stable(b));

export class FormCatalog {
  private cached: { at: number; forms: FormDef[] } | undefined;

  constructor(
    private readonly store?: FormStore,
    private readonly bundled: readonly FormDef[] = bundledForms(),
    private readonly ttlMs = 60_000,
  ) {}

  /** Every form version, bundled first; a stored copy of a bundled version is the same (add() keeps it so). */
  async all(): Promise<FormDef[]> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.forms;
    const stored = this.store ? await this.store.list() : [];
    const seen = new Set(this.bundled.map((f) => `${f.id}@${f.version}`));
    const forms = [...this.bundled, ...stored.filter((f) => !seen.has(`${f.id}@${f.version}`))];
    this.cached = { at: Date.now(), forms };
    return forms;
  }

  async find(ref: FormRef): Promise<FormDef | undefined> {
    return (await this.all()).find((f) => f.id === ref.id && f.version === ref.version);
  }

  /** A form by id: the given version, else the newest. */
  async get(id: string, version?: number): Promise<FormDef> {
    const versions = (await this.all()).filter((f) => f.id === id);
    if (versions.length === 0) throw notFound('UNKNOWN_FORM', { form: id });
    const f =
      version === undefined ? versions.reduce((a, b) => (b.version > a.version ? b : a)) : versions.find((x) => x.version === version);
    if (!f) throw notFound('UNKNOWN_FORM_VERSION', { form: id, version: version ?? 0 });
    return f;
  }

  /**
   * Adds a form file. Refused with every problem listed when it is not sound; 'unchanged'
   * when that version exists with the same content; refused when it exists with other
   * content, or when it skips versions.
   */
  async add(json: unknown, lang: Lang = 'vi'): Promise<{ status: 'created' | 'unchanged'; form: FormDef }> {
    if (!this.store) throw new Error('no form store');
    const r = parseFormFile(json, lang);
    if (!r.ok) throw validationError(r.problems, 'FORM_INVALID');
    const form = r.form;
    this.cached = undefined;
    const all = await this.all();
    const existing = all.find((f) => f.id === form.id && f.version === form.version);
    if (existing) {
      if (sameForm(existing, form)) return { status: 'unchanged', form: existing };
      throw new DomainError('conflict', 'FORM_VERSION_EXISTS', { form: form.id, version: form.version });
    }
    const newest = all.filter((f) => f.id === form.id).reduce((a, f) => Math.max(a, f.version), 0);
    if (form.version !== newest + 1)
      throw new DomainError('conflict', 'FORM_VERSION_GAP', { form: form.id, version: form.version, next: newest + 1 });
    const created = await this.store.put(form);
    this.cached = undefined;
    if (!created) {
      // Lost a race with another administrator: same content is fine, anything else is refused.
      const now = await this.store.get(form.id, form.version);
      if (now && sameForm(now, form)) return { status: 'unchanged', form: now };
      throw new DomainError('conflict', 'FORM_VERSION_EXISTS', { form: form.id, version: form.version });
    }
    return { status: 'created', form };
  }
}

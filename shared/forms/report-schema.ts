/**
 * The zod schema of a report body filled against one form (the v1 PUT body): built from
 * the FormDef, memoised per form id@version, used by the server to validate and by the
 * browser editor (no AWS or Node-only imports), and turned into the JSON Schema that
 * GET /v1/forms/{id} returns. Its output type is ReportBody (shared/forms/body.ts).
 *
 * Only what the form allows is accepted: a section's blocks, the form's indicators, a
 * value of the indicator's type, breakdown keys from the form's lists, level keys from
 * the indicator's levels. Everything else is UNKNOWN_FIELD or INVALID_VALUE at its path.
 */
import * as z from 'zod';
import { count, DocumentRef, Event, isoDate, MAX_COUNT, Paragraph, requiredText, text } from '../report/schema.ts';
import type { ReportBody } from './body.ts';
import type { Breakdown, FormDef, IndicatorDef, SectionDef } from './model.ts';

const unitCode = z.string().regex(/^\d{1,10}$/);

const HeaderDate = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  month: z.number().int().min(1).max(12),
  /** Blank until signed, as in the seed ("ngày   tháng 6 năm 2021"). */
  day: z.number().int().min(1).max(31).nullable().default(null),
});

export const SignatureLine = z.strictObject({ prefix: z.enum(['TM.', 'KT.', 'TL.', 'TUQ.', 'Q.']).optional(), text: requiredText(200) });

const Signature = z.strictObject({
  /** Capacity lines above the title: [{prefix: "TM.", text: "ỦY BAN NHÂN DÂN"}]. */
  lines: z.array(SignatureLine).max(4).default([]),
  title: requiredText(200),
  name: requiredText(200),
});

/** The scalar value of an indicator type (and of its breakdown rows for numbers). */
function scalar(ind: IndicatorDef, form: FormDef): z.ZodType {
  switch (ind.type) {
    case 'count':
      return count;
    case 'percent':
      return z.number().min(0).max(100);
    case 'decimal':
      return z.number().min(-1e12).max(1e12);
    case 'boolean':
      return z.boolean();
    case 'date':
      return isoDate;
    case 'text':
      return requiredText(4000);
    case 'choice': {
      const keys = form.lists.find((l) => l.id === ind.list)?.options.map((o) => o.key) ?? [];
      return keys.length > 0 ? z.enum(keys as [string, ...string[]]) : z.never();
    }
  }
}

function rowSchema(b: Exclude<Breakdown, { kind: 'level' }>, value: z.ZodType, form: FormDef): z.ZodType {
  if (b.kind === 'list') {
    const keys = form.lists.find((l) => l.id === b.list)?.options.map((o) => o.key) ?? [];
    return z.strictObject({ key: keys.length > 0 ? z.enum(keys as [string, ...string[]]) : z.never(), value });
  }
  return z.strictObject({ unit: unitCode.optional(), name: requiredText(200), value });
}

function cellSchema(ind: IndicatorDef, form: FormDef, level: string | undefined, extra: Record<string, z.ZodType>): z.ZodType {
  const value = scalar(ind, form);
  const bds = ind.breakdowns.filter(
    (b): b is Exclude<Breakdown, { kind: 'level' }> => b.kind !== 'level' && (level === undefined || !b.levels || b.levels.includes(level)),
  );
  const shape: Record<string, z.ZodType> = { value: value.optional(), ...extra };
  if (bds.length > 0)
    shape.breakdown = z
      .strictObject(
        Object.fromEntries(
          bds.map((b) => [
            b.id,
            z
              .array(rowSchema(b, value, form))
              .max(500)
              .optional(),
          ]),
        ),
      )
      .optional();
  return z.strictObject(shape);
}

function valueSchema(ind: IndicatorDef, form: FormDef): z.ZodType {
  const extra: Record<string, z.ZodType> = ind.qualifier ? { qualifier: requiredText(200).optional() } : {};
  const level = ind.breakdowns.find((b) => b.kind === 'level');
  if (!level) return cellSchema(ind, form, undefined, extra);
  const levels = z.strictObject(Object.fromEntries(level.levels.map((l) => [l.key, cellSchema(ind, form, l.key, {}).optional()])));
  return z.strictObject({ value: scalar(ind, form).optional(), ...extra, levels: levels.optional() });
}

const BLOCK_SCHEMAS = {
  paragraphs: z.array(Paragraph).max(100),
  documents: z.array(DocumentRef).max(500),
  events: z.array(Event).max(100),
  items: z.array(requiredText(4000)).max(100),
} as const;

/** Every section of the outline, depth first, in document order. */
export function flattenOutline(outline: readonly SectionDef[]): SectionDef[] {
  const out: SectionDef[] = [];
  const walk = (ss: readonly SectionDef[]) => {
    for (const s of ss) {
      out.push(s);
      walk(s.children);
    }
  };
  walk(outline);
  return out;
}

function build(form: FormDef): z.ZodType<ReportBody> {
  const sections = Object.fromEntries(
    flattenOutline(form.outline)
      .filter((s) => s.blocks.length > 0)
      .map((s) => [s.id, z.strictObject(Object.fromEntries(s.blocks.map((b) => [b, BLOCK_SCHEMAS[b].optional()]))).optional()]),
  );
  const values = Object.fromEntries(form.indicators.map((ind) => [ind.code, valueSchema(ind, form).optional()]));
  const recipients =
    form.document.recipients === 'required'
      ? z.array(requiredText(200)).min(1).max(20)
      : form.document.recipients === 'optional'
        ? z.array(requiredText(200)).max(20).default([])
        : z.array(requiredText(200)).max(0).default([]);
  return z.strictObject({
    form: z.strictObject({ id: z.literal(form.id), version: z.literal(form.version) }),
    header: z.strictObject({
      /** Blank until issued ("Số: /BC-UBND"). */
      number: text(20).default(''),
      symbol: requiredText(60),
      date: HeaderDate,
      recipients,
      /** Optional: the server knows them; when given they must agree with it. */
      issuingAuthority: requiredText(200).optional(),
      parentAuthority: requiredText(200).optional(),
      place: requiredText(100).optional(),
      summary: requiredText(500).optional(),
    }),
    legalBasis: z.array(DocumentRef).max(50).default([]),
    introduction: text(8000).optional(),
    sections: z.strictObject(sections).default({}),
    values: z.strictObject(values).default({}),
    closing: text(1000).optional(),
    distribution: z.array(requiredText(300)).max(50),
    signature: Signature,
  }) as unknown as z.ZodType<ReportBody>;
}

const cache = new Map<string, { form: FormDef; schema: z.ZodType<ReportBody> }>();

/** The body schema of a form; built once per id@version (a different object with other content is rebuilt). */
export function reportSchema(form: FormDef): z.ZodType<ReportBody> {
  const key = `${form.id}@${form.version}`;
  const hit = cache.get(key);
  if (hit && (hit.form === form || JSON.stringify(hit.form) === JSON.stringify(form))) return hit.schema;
  const schema = build(form);
  cache.set(key, { form, schema });
  return schema;
}

/** The JSON Schema (draft 2020-12) of the body, as the input a client sends. */
export function reportJsonSchema(form: FormDef): Record<string, unknown> {
  return z.toJSONSchema(reportSchema(form), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

export { MAX_COUNT };

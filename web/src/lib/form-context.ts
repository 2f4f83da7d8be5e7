/**
 * What the server says about a unit's report for a period before anything is typed:
 * which form applies and the facts it already knows (unit name, authority, place,
 * period label, deadline) — GET /v1/units/{unit}/reports/{period}/form. Read
 * defensively: a server without the endpoint still gives a usable period list.
 */
import type { FormDef } from '../../../shared/forms/model.ts';
import { ApiError, get, reportPath } from './api.ts';
import { defaultDeadline, labelOf } from './periods.ts';

export interface FormContext {
  /** null: the server names no form for this unit and period (it does not report it). */
  form: FormDef | null | undefined;
  formRef?: { id: string; version: number };
  unitName?: string;
  authority?: string;
  parentAuthority?: string;
  place?: string;
  tier?: string;
  periodLabel: string;
  nextPeriodLabel?: string;
  deadline?: string;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export async function formContext(unit: string, period: string, signal?: AbortSignal): Promise<FormContext> {
  let b: any;
  try {
    b = await get<any>(`${reportPath(unit, period)}/form`, signal);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      const dl = defaultDeadline(period);
      // No such endpoint (the gateway's own 404, without our error body): the default
      // deadline. Our API's own answer means the unit does not report this period.
      const noRoute = e.code === 'ROUTE_NOT_FOUND' || e.code.startsWith('HTTP_');
      return { form: noRoute ? undefined : null, periodLabel: labelOf(period), ...(dl ? { deadline: dl } : {}) };
    }
    throw e;
  }
  const facts = b?.header ?? b?.facts ?? b?.unit ?? {};
  const form = b?.form && Array.isArray(b.form.outline) ? (b.form as FormDef) : undefined;
  const ref = b?.form && typeof b.form.id === 'string' ? { id: b.form.id as string, version: Number(b.form.version) } : undefined;
  const deadline = str(facts.deadline) ?? str(b?.deadline) ?? str(b?.period?.deadline) ?? defaultDeadline(period);
  const out: FormContext = {
    form,
    periodLabel: str(facts.periodLabel) ?? str(b?.periodLabel) ?? str(b?.period?.label) ?? labelOf(period),
    ...(ref ? { formRef: ref } : {}),
    ...(deadline ? { deadline } : {}),
  };
  const set = (k: keyof FormContext, v: unknown) => {
    const s = str(v);
    if (s) (out as any)[k] = s;
  };
  set('unitName', facts.unitName ?? facts.name ?? b?.unitName);
  set('authority', facts.issuingAuthority ?? facts.authority ?? b?.issuingAuthority);
  set('parentAuthority', facts.parentAuthority ?? b?.parentAuthority);
  set('place', facts.place ?? b?.place);
  set('tier', facts.tier ?? facts.kind ?? b?.tier);
  set('nextPeriodLabel', facts.nextPeriodLabel);
  return out;
}

/** A form version from GET /v1/forms/{id}?version=N ({form, versions, schema}). */
export async function fetchForm(ref: { id: string; version: number }, signal?: AbortSignal): Promise<FormDef> {
  const b = await get<{ form: FormDef }>(`/v1/forms/${encodeURIComponent(ref.id)}?version=${ref.version}`, signal);
  return b.form;
}

/** The full form definition, when the context only names it. */
export async function loadForm(ctx: FormContext, signal?: AbortSignal): Promise<FormDef | undefined> {
  if (ctx.form) return ctx.form;
  if (!ctx.formRef) return undefined;
  return fetchForm(ctx.formRef, signal);
}

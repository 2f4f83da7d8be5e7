/**
 * Reports API: PUT (create/amend), validate, GET latest or ?version=N, versions,
 * the document's presigned URL, and the forms (which form applies, each form with its
 * JSON Schema). Thin: parse the event, call ReportService or the FormCatalog.
 */
import { reportJsonSchema } from '../../shared/forms/report-schema.ts';
import { newestVersions } from '../../shared/forms/select.ts';
import { localise } from '../../shared/report/finding.ts';
import { MAX_VERSIONS_PAGE, VERSIONS_PAGE } from '../../shared/report/service.ts';
import { historyOf, REVIEW_STATE_LABEL, reviewOf, type ReviewAction } from '../../shared/review/model.ts';
import type { DocumentState, LatestRecord } from '../../shared/storage/ports.ts';
import { reportsContext } from './context.ts';
import {
  handle,
  ifMatchVersion,
  json,
  jsonBody,
  langOf,
  notFoundRoute,
  pageQuery,
  pathParam,
  principal,
  requestIdOf,
  versionQuery,
  type ApiEvent,
  type ApiResult,
} from '../lib/http.ts';

export const DOCUMENT_URL_TTL_SECONDS = 300;

const base = (unit: string, period: string) => `/v1/units/${unit}/reports/${period}`;

function documentLink(unit: string, period: string, version: number, d: DocumentState) {
  return {
    state: d.state,
    href: `${base(unit, period)}/document?version=${version}`,
    ...(d.state === 'ready' ? { size: d.size, fileName: d.fileName } : {}),
  };
}

/** The review state as clients show it: state, its Vietnamese label, the last action (a return's comments). */
function reviewBody(l: LatestRecord) {
  const r = reviewOf(l);
  return { state: r.state, label: REVIEW_STATE_LABEL[r.state], ...(r.last ? { last: r.last } : {}) };
}

function actionBody(a: ReviewAction) {
  return {
    seq: a.seq,
    action: a.action,
    version: a.version,
    at: a.at,
    by: a.by,
    ...(a.comment ? { comment: a.comment } : {}),
    comments: a.comments,
    from: a.from,
    to: a.to,
  };
}

function submitBody(l: LatestRecord, warnings: ReturnType<typeof localise>[], warningCount: number) {
  return {
    unit: l.unit,
    period: l.period,
    version: l.version,
    receivedAt: l.receivedAt,
    firstReceivedAt: l.firstReceivedAt,
    onTime: l.onTime,
    warnings,
    warningCount,
    document: documentLink(l.unit, l.period, l.version, l.document),
    review: reviewBody(l),
  };
}

const etag = (v: number) => `"${v}"`;

async function put(event: ApiEvent): Promise<ApiResult> {
  const lang = langOf(event);
  const p = principal(event);
  const unit = pathParam(event, 'unit');
  const period = pathParam(event, 'period');
  const ifMatch = ifMatchVersion(event);
  const body = jsonBody(event);
  const r = await reportsContext().reportService.submit({
    principal: p,
    unit,
    period,
    body,
    ifMatch,
    requestId: requestIdOf(event),
    lang,
  });
  const warnings = r.warnings.map((w) => localise(w, lang));
  return json(r.created ? 201 : 200, submitBody(r.latest, warnings, r.warningCount), event, {
    etag: etag(r.latest.version),
    ...(r.created ? { location: base(unit, r.latest.period) } : {}),
  });
}

async function validate(event: ApiEvent): Promise<ApiResult> {
  const lang = langOf(event);
  const r = await reportsContext().reportService.validate(
    principal(event),
    pathParam(event, 'unit'),
    pathParam(event, 'period'),
    jsonBody(event),
    lang,
  );
  return json(200, { valid: true, warnings: r.warnings.map((w) => localise(w, lang)), warningCount: r.warningCount }, event);
}

async function get(event: ApiEvent): Promise<ApiResult> {
  const lang = langOf(event);
  const unit = pathParam(event, 'unit');
  const { record, latest } = await reportsContext().reportService.get(
    principal(event),
    unit,
    pathParam(event, 'period'),
    versionQuery(event),
  );
  const doc = record.version === latest.version ? latest.document : undefined;
  return json(
    200,
    {
      unit: record.unit,
      period: record.period,
      version: record.version,
      latestVersion: latest.version,
      receivedAt: record.receivedAt,
      firstReceivedAt: latest.firstReceivedAt,
      onTime: latest.onTime,
      review: reviewBody(latest),
      submittedBy: record.submittedBy,
      warnings: record.warnings.map((w) => localise(w, lang)),
      warningCount: record.warningCount ?? record.warnings.length,
      document: doc
        ? documentLink(record.unit, record.period, record.version, doc)
        : { href: `${base(record.unit, record.period)}/document?version=${record.version}` },
      content: record.content,
    },
    event,
    { etag: etag(record.version) },
  );
}

/** GET …/versions: a page, newest first; each version's warnings counted (GET ?version=N lists them). */
async function versions(event: ApiEvent): Promise<ApiResult> {
  const unit = pathParam(event, 'unit');
  const period = pathParam(event, 'period');
  const page = pageQuery(event, MAX_VERSIONS_PAGE, VERSIONS_PAGE);
  const r = await reportsContext().reportService.versions(principal(event), unit, period, page);
  return json(
    200,
    {
      unit: r.latest.unit,
      period: r.latest.period,
      latestVersion: r.latest.version,
      review: reviewBody(r.latest),
      versions: r.versions.map((v) => ({
        version: v.version,
        receivedAt: v.receivedAt,
        submittedBy: v.submittedBy,
        requestId: v.requestId,
        hash: v.hash,
        warningCount: v.warningCount,
      })),
      reviews: r.reviews.map(actionBody),
      history: historyOf(r.versions, r.reviews),
      limit: page.limit,
      ...(r.nextCursor ? { nextCursor: r.nextCursor } : {}),
    },
    event,
  );
}

/** POST .../review and .../reopen: province staff decide on the version named by If-Match. */
function decision(kind: 'review' | 'reopen') {
  return async (event: ApiEvent): Promise<ApiResult> => {
    const input = {
      principal: principal(event),
      unit: pathParam(event, 'unit'),
      period: pathParam(event, 'period'),
      body: jsonBody(event),
      ifMatch: ifMatchVersion(event),
      requestId: requestIdOf(event),
      lang: langOf(event),
    };
    const service = reportsContext().reviewService;
    const r = kind === 'review' ? await service.review(input) : await service.reopen(input);
    return json(
      200,
      {
        unit: r.latest.unit,
        period: r.latest.period,
        version: r.latest.version,
        review: reviewBody(r.latest),
        action: actionBody(r.action),
      },
      event,
      { etag: etag(r.latest.version) },
    );
  };
}

async function document(event: ApiEvent): Promise<ApiResult> {
  const ctx = reportsContext();
  const unit = pathParam(event, 'unit');
  const period = pathParam(event, 'period');
  const { version, state } = await ctx.reportService.document(principal(event), unit, period, versionQuery(event));
  const url = await ctx.urls.presignGet(state.key, DOCUMENT_URL_TTL_SECONDS, state.fileName);
  return json(200, { unit, period, version, url, expiresIn: DOCUMENT_URL_TTL_SECONDS, fileName: state.fileName, size: state.size }, event);
}

async function formFor(event: ApiEvent): Promise<ApiResult> {
  const unit = pathParam(event, 'unit');
  const period = pathParam(event, 'period');
  const c = await reportsContext().reportService.formFor(principal(event), unit, period);
  const f = c.facts;
  return json(
    200,
    {
      unit,
      period,
      form: { id: c.form.id, version: c.form.version, title: c.form.title, href: `/v1/forms/${c.form.id}?version=${c.form.version}` },
      fixedByReport: c.fixedByReport,
      header: {
        unitName: f.unitName,
        issuingAuthority: f.issuingAuthority,
        ...(f.parentAuthority ? { parentAuthority: f.parentAuthority } : {}),
        place: f.place,
        periodLabel: f.periodLabel,
        nextPeriodLabel: f.nextPeriodLabel,
        summary: f.summary,
        symbol: c.form.document.defaultSymbol,
        recipients: c.form.document.recipients,
        deadline: c.deadline,
      },
    },
    event,
  );
}

const formInfo = (f: { id: string; version: number; title: string; description: string; appliesTo: unknown }) => ({
  id: f.id,
  version: f.version,
  title: f.title,
  description: f.description,
  appliesTo: f.appliesTo,
});

async function listForms(event: ApiEvent): Promise<ApiResult> {
  principal(event);
  const all = await reportsContext().forms.all();
  const forms = newestVersions(all).map((f) => ({
    ...formInfo(f),
    versions: all
      .filter((x) => x.id === f.id)
      .map((x) => x.version)
      .sort((a, b) => a - b),
  }));
  return json(200, { forms }, event);
}

async function getForm(event: ApiEvent): Promise<ApiResult> {
  principal(event);
  const forms = reportsContext().forms;
  const form = await forms.get(pathParam(event, 'id'), versionQuery(event));
  const versions = (await forms.all())
    .filter((x) => x.id === form.id)
    .map((x) => x.version)
    .sort((a, b) => a - b);
  return json(200, { form, versions, schema: reportJsonSchema(form) }, event, { 'cache-control': 'private, max-age=60' });
}

const routes: Record<string, (e: ApiEvent) => Promise<ApiResult>> = {
  'PUT /v1/units/{unit}/reports/{period}': put,
  'POST /v1/units/{unit}/reports/{period}/validate': validate,
  'GET /v1/units/{unit}/reports/{period}': get,
  'GET /v1/units/{unit}/reports/{period}/versions': versions,
  'GET /v1/units/{unit}/reports/{period}/document': document,
  'POST /v1/units/{unit}/reports/{period}/review': decision('review'),
  'POST /v1/units/{unit}/reports/{period}/reopen': decision('reopen'),
  'GET /v1/units/{unit}/reports/{period}/form': formFor,
  'GET /v1/forms': listForms,
  'GET /v1/forms/{id}': getForm,
};

export const handler = handle(async (event) => {
  const route = routes[event.routeKey];
  return route ? route(event) : notFoundRoute(event);
});

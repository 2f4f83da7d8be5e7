/**
 * The report editor for one unit and period, rendered from the form definition. The
 * body is kept as the API's JSON (ReportBody); every change is saved as a draft in the
 * browser and checked (the shared schema locally when present, the server's check after
 * a pause). Submitting creates a version, or amends the one it started from (If-Match).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormDef } from '../../../shared/forms/model.ts';
import type { ReportBody } from '../../../shared/forms/body.ts';
import { ApiError, get, request, reportPath, type Detail } from '../lib/api.ts';
import { fetchForm, formContext, loadForm, type FormContext } from '../lib/form-context.ts';
import { parsePeriod } from '../../../shared/periods/period.ts';
import type { ReviewSummary } from '../lib/review.ts';
import { countdown, dateVi, ErrorBox, Loading, Notice, PageTitle, ReviewBadge, timeVi } from '../lib/ui.tsx';
import { commentsAt, openComments, ReviewNotice } from '../review/ReviewNotice.tsx';
import { clearDraft, loadDraft, saveDraft, sameContent } from './draft.ts';
import { downloadDocument } from './document.ts';
import { DocumentKinds, DocumentList, EditorContext, Input, List, Section, Select, type EditorApi } from './fields.tsx';
import { labelFor } from './labels.ts';
import { periodTexts } from './texts.ts';
import { focusPath } from './focus.ts';
import { fieldId, getIn, parseKey, pathKey, prune, removeAt, setIn, type Path } from './paths.ts';
import { localChecker, serverCheck, type LocalChecker } from './validation.ts';

interface Latest {
  version: number;
  latestVersion: number;
  receivedAt: string;
  firstReceivedAt: string;
  onTime: boolean;
  warnings: Detail[];
  content: ReportBody;
  review?: ReviewSummary;
}

interface Receipt {
  version: number;
  receivedAt: string;
  firstReceivedAt: string;
  onTime: boolean;
  warnings: Detail[];
  /** All the warnings; `warnings` lists the first 100. */
  warningCount?: number;
  created: boolean;
  review?: ReviewSummary;
}

interface Conflict {
  version: number;
  receivedAt: string;
  by: string;
}

export function emptyBody(form: FormDef, period: string): ReportBody {
  const p = parsePeriod(period);
  return {
    form: { id: form.id, version: form.version },
    header: {
      number: '',
      symbol: form.document.defaultSymbol,
      date: { year: p?.year ?? new Date().getFullYear(), month: p?.lastMonth ?? new Date().getMonth() + 1, day: null },
      recipients: form.document.recipients === 'none' ? [] : [''],
    },
    legalBasis: [],
    sections: {},
    values: {},
    distribution: [],
    signature: { lines: [], title: '', name: '' },
  };
}

function Summary({
  title,
  items,
  form,
  kind,
  text,
}: {
  title: string;
  items: Detail[];
  form: FormDef;
  kind: 'error' | 'warning';
  text: (s: string) => string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  if (!items.length) return null;
  return (
    <div class={`alert alert-${kind === 'error' ? 'error' : 'warning'} summary`} id={`summary-${kind}`} tabIndex={-1} ref={ref}>
      <p class="alert-title">{title}</p>
      <ul>
        {items.map((d, i) => (
          <li key={i}>
            <a
              href={`#${fieldId(parseKey(d.path))}`}
              onClick={(e) => {
                e.preventDefault();
                focusPath(d.path);
              }}
            >
              {labelFor(form, parseKey(d.path), text)}
            </a>
            : {d.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Editor({ unit, period }: { unit: string; period: string }) {
  const [ctx, setCtx] = useState<FormContext>();
  const [form, setForm] = useState<FormDef | null>();
  const [latest, setLatest] = useState<Latest | null>();
  const [loadErr, setLoadErr] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  const [body, setBody] = useState<any>();
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [draftNote, setDraftNote] = useState<string>();
  const [savedAt, setSavedAt] = useState<string>();
  const [storageFailed, setStorageFailed] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);

  const [checker, setChecker] = useState<LocalChecker>();
  const [serverErrors, setServerErrors] = useState<Detail[]>([]);
  const [warnings, setWarnings] = useState<Detail[]>([]);
  const [checkErr, setCheckErr] = useState<unknown>();
  const [checking, setChecking] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);

  const [submitting, setSubmitting] = useState(false);
  const [submitErr, setSubmitErr] = useState<unknown>();
  const [receipt, setReceipt] = useState<Receipt>();
  const [conflict, setConflict] = useState<Conflict>();
  const [importNote, setImportNote] = useState<string>();
  const [docNote, setDocNote] = useState<string>();
  const [docErr, setDocErr] = useState<unknown>();
  const [review, setReview] = useState<ReviewSummary>();

  const receiptRef = useRef<HTMLDivElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  // Load: what the server knows, the form, the latest version, and any draft.
  useEffect(() => {
    const ac = new AbortController();
    setLoadErr(undefined);
    (async () => {
      const c = await formContext(unit, period, ac.signal);
      const l = await get<Latest>(reportPath(unit, period), ac.signal).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      });
      let f: FormDef | null | undefined = c.form === null ? null : await loadForm(c, ac.signal);
      if (!f && l?.content?.form) f = await fetchForm(l.content.form, ac.signal).catch(() => undefined);
      setCtx(c);
      setLatest(l);
      setReview(l?.review);
      setForm(f ?? null);
      if (!f) return;
      const base = l ? (l.latestVersion ?? l.version) : null;
      const start = l ? l.content : emptyBody(f, period);
      const d = loadDraft(unit, period);
      if (l?.review?.state === 'accepted') {
        // Locked: show what was accepted; a draft stays in the browser for after a reopening.
        setBody(start);
        setBaseVersion(base);
        if (d && !sameContent(d.body, start))
          setDraftNote(
            `Bản nháp chưa gửi lưu trên máy này lúc ${timeVi(d.savedAt)} vẫn được giữ; khi Sở Nội vụ mở lại báo cáo, trang sẽ dùng lại bản nháp đó.`,
          );
      } else if (d && !sameContent(d.body, start)) {
        setBody(d.body);
        setBaseVersion(d.baseVersion);
        setSavedAt(d.savedAt);
        setDraftNote(
          d.baseVersion !== base && base !== null
            ? `Đang dùng bản nháp lưu lúc ${timeVi(d.savedAt)}, lập từ ${d.baseVersion ? `phiên bản ${d.baseVersion}` : 'khi chưa có phiên bản nào'}; nay đã có phiên bản ${base}.`
            : `Đang dùng bản nháp chưa gửi, lưu trên máy này lúc ${timeVi(d.savedAt)}.`,
        );
      } else {
        setBody(start);
        setBaseVersion(base);
      }
      setChecker(await localChecker(f).then((fn) => (fn ? () => fn : undefined)));
    })().catch((e) => {
      if ((e as Error).name !== 'AbortError') setLoadErr(e);
    });
    return () => ac.abort();
  }, [unit, period, attempt]);

  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);

  // Save the draft on every change (cheap: one localStorage write).
  const dirty = useRef(false);
  useEffect(() => {
    if (!body || !dirty.current) return;
    const at = new Date().toISOString();
    const ok = saveDraft(unit, period, { body, baseVersion, savedAt: at });
    setStorageFailed(!ok);
    if (ok) setSavedAt(at);
  }, [body, baseVersion]);

  // The server's check, after a pause in typing.
  const locked = review?.state === 'accepted';
  useEffect(() => {
    if (!body || !form || locked) return;
    const ac = new AbortController();
    const t = setTimeout(() => {
      setChecking(true);
      serverCheck(unit, period, prune(body), ac.signal)
        .then((r) => {
          setServerErrors(r.errors);
          setWarnings(r.warnings);
          setCheckErr(undefined);
        })
        .catch((e) => {
          if ((e as Error).name !== 'AbortError') setCheckErr(e);
        })
        .finally(() => setChecking(false));
    }, 700);
    return () => {
      clearTimeout(t);
      ac.abort();
    };
  }, [body, form, locked]);

  const localErrors = useMemo(() => (checker && body ? checker(prune(body)) : undefined), [checker, body]);
  const errors = localErrors ?? serverErrors;
  const visibleErrors = showAll
    ? errors
    : errors.filter((d) => [...touched].some((t) => d.path === t || d.path.startsWith(`${t}.`) || d.path.startsWith(`${t}[`)));

  if (loadErr !== undefined) return <ErrorBox error={loadErr} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!ctx || form === undefined || latest === undefined) return <Loading label="Đang mở báo cáo…" />;
  if (!form)
    return (
      <section>
        <PageTitle>Báo cáo {ctx.periodLabel.toLowerCase()}</PageTitle>
        <Notice kind="warning">
          Chưa có biểu mẫu báo cáo nào áp dụng cho đơn vị {unit} trong kỳ này, nên chưa thể lập báo cáo trên trang. Nếu đơn vị phải báo cáo
          kỳ này, hãy liên hệ Sở Nội vụ.
        </Notice>
        <p>
          <a href={`/don-vi/${unit}`}>Về danh sách kỳ báo cáo</a>
        </p>
      </section>
    );
  if (!body) return <Loading label="Đang mở báo cáo…" />;

  const change = (next: any) => {
    dirty.current = true;
    setBody(next);
    setReceipt(undefined);
  };

  const returned = openComments(review);
  const api: EditorApi = {
    body,
    form,
    tier: ctx.tier,
    readOnly: locked,
    text: periodTexts(period),
    set: (path, value) => change(setIn(body, path, value)),
    remove: (path, i) => change(removeAt(body, path, i)),
    touch: (path) =>
      setTouched((t) => {
        const k = pathKey(path);
        if (t.has(k)) return t;
        const n = new Set(t);
        n.add(k);
        return n;
      }),
    messagesAt: (path, deep) => {
      const k = pathKey(path);
      const hit = (d: Detail) => d.path === k || (deep && (d.path.startsWith(`${k}.`) || d.path.startsWith(`${k}[`)));
      return { errors: visibleErrors.filter(hit), warnings: warnings.filter(hit), comments: commentsAt(returned, k, deep) };
    },
  };

  async function importFile(file: File) {
    setImportNote(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setImportNote(`Tệp “${file.name}” không phải tệp JSON hợp lệ. Hãy chọn tệp báo cáo .json.`);
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setImportNote(`Tệp “${file.name}” không chứa một báo cáo. Hãy chọn tệp báo cáo .json.`);
      return;
    }
    const imported = parsed as any;
    const other = imported.form && (imported.form.id !== form!.id || imported.form.version !== form!.version);
    change(imported);
    setShowAll(true);
    setImportNote(
      `Đã nhập nội dung từ tệp “${file.name}”.${other ? ' Tệp được lập theo biểu mẫu khác; hãy kiểm tra kỹ các mục được đánh dấu.' : ''} Kiểm tra lại rồi bấm “Gửi báo cáo”.`,
    );
  }

  async function submit() {
    setSubmitErr(undefined);
    setConflict(undefined);
    setReceipt(undefined);
    setShowAll(true);
    const payload = prune(body);
    const local = checker?.(payload);
    if (local && local.length) {
      requestAnimationFrame(() => document.getElementById('summary-error')?.focus());
      return;
    }
    setSubmitting(true);
    try {
      const r = await request<Receipt>('PUT', reportPath(unit, period), {
        body: payload,
        headers: baseVersion !== null ? { 'if-match': `"${baseVersion}"` } : {},
      });
      setReceipt({ ...r.body, created: r.status === 201 });
      if (r.body.review) setReview(r.body.review);
      setBaseVersion(r.body.version);
      setWarnings(r.body.warnings);
      setServerErrors([]);
      setDraftNote(undefined);
      clearDraft(unit, period);
      dirty.current = false;
      requestAnimationFrame(() => receiptRef.current?.focus());
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 422) && e.details.length) {
        setServerErrors(e.details);
        requestAnimationFrame(() => document.getElementById('summary-error')?.focus());
      } else if (e instanceof ApiError && (e.status === 412 || e.status === 428)) {
        try {
          const v = await get<{
            latestVersion: number;
            versions: { version: number; receivedAt: string; submittedBy: { sub: string; unit: string } }[];
          }>(`${reportPath(unit, period)}/versions`);
          const last = v.versions.find((x) => x.version === v.latestVersion) ?? v.versions[v.versions.length - 1]!;
          setConflict({
            version: last.version,
            receivedAt: last.receivedAt,
            by: `${last.submittedBy.sub} (đơn vị ${last.submittedBy.unit})`,
          });
          requestAnimationFrame(() => conflictRef.current?.focus());
        } catch (e2) {
          setSubmitErr(e2);
        }
      } else setSubmitErr(e);
    } finally {
      setSubmitting(false);
    }
  }

  async function loadTheirs() {
    if (!conflict) return;
    try {
      const theirs = await get<Latest>(`${reportPath(unit, period)}?version=${conflict.version}`);
      dirty.current = true;
      setBody(theirs.content);
      setBaseVersion(conflict.version);
      setConflict(undefined);
      setDraftNote(`Đã tải phiên bản ${conflict.version}. Nội dung bạn nhập trước đó đã được thay bằng phiên bản này.`);
    } catch (e) {
      setSubmitErr(e);
    }
  }

  function keepMine() {
    if (!conflict) return;
    setBaseVersion(conflict.version);
    dirty.current = true;
    setConflict(undefined);
    setDraftNote(`Bản của bạn sẽ thay phiên bản ${conflict.version} khi bấm “Gửi báo cáo”.`);
  }

  async function download(version: number) {
    setDocErr(undefined);
    setDocNote('Đang chuẩn bị văn bản…');
    try {
      await downloadDocument(unit, period, version, () => setDocNote('Văn bản đang được tạo, vui lòng chờ trong giây lát…'));
      setDocNote(`Đã tải văn bản Word của phiên bản ${version}.`);
    } catch (e) {
      setDocNote(undefined);
      setDocErr(e);
    }
  }

  const deadline = ctx.deadline;
  const cd = deadline && !latest ? countdown(deadline) : undefined;
  const hasRecipients = form.document.recipients !== 'none';

  return (
    <EditorContext.Provider value={api}>
      <section class="editor">
        <p class="crumbs">
          <a href={`/don-vi/${unit}?nam=${period.slice(0, 4)}`}>Các kỳ báo cáo</a>
        </p>
        <PageTitle>
          Báo cáo {ctx.periodLabel.toLowerCase()}
          {ctx.unitName ? ` · ${ctx.unitName}` : ` · đơn vị ${unit}`}
        </PageTitle>
        <p class="lead">
          {form.title}.{' '}
          {deadline && (
            <>
              Hạn nộp {dateVi(deadline)}
              {cd && <span class={cd.overdue ? 'countdown overdue' : 'countdown'}> ({cd.text})</span>}.{' '}
            </>
          )}
          {!latest
            ? 'Chưa gửi.'
            : locked
              ? `Đã gửi ${latest.latestVersion} phiên bản.`
              : `Đã gửi ${baseVersion ?? latest.latestVersion} phiên bản; bấm “Gửi báo cáo” để gửi bản sửa.`}
          {latest && (
            <>
              {' '}
              <a href={`/don-vi/${unit}/${period}/lich-su`}>Lịch sử phiên bản</a>
            </>
          )}
        </p>
        {review && (
          <p class="review-state">
            Tình trạng duyệt của Sở Nội vụ: <ReviewBadge state={review.state} />
          </p>
        )}
        <ReviewNotice
          review={review}
          form={form}
          text={api.text}
          audience="unit"
          latestVersion={receipt?.version ?? latest?.latestVersion}
        />

        <div class="status-bar" role="status" aria-live="polite">
          {!online && <span class="offline">Mất kết nối mạng. Nội dung vẫn được lưu trên máy này; hãy gửi khi có mạng trở lại. </span>}
          {storageFailed ? (
            <span class="error">Trình duyệt không cho lưu bản nháp. Hãy gửi báo cáo sớm hoặc tải tệp JSON về máy.</span>
          ) : savedAt ? (
            <span>Bản nháp đã lưu trên máy này lúc {timeVi(savedAt)}.</span>
          ) : null}
          {checking && <span> Đang kiểm tra…</span>}
        </div>

        {draftNote && (
          <Notice kind="info">
            {draftNote}{' '}
            {latest && !locked && (
              <button
                type="button"
                class="btn btn-small"
                onClick={() => {
                  clearDraft(unit, period);
                  dirty.current = false;
                  setBody(latest.content);
                  setBaseVersion(latest.latestVersion ?? latest.version);
                  setDraftNote(undefined);
                  setSavedAt(undefined);
                }}
              >
                Bỏ bản nháp, dùng phiên bản {latest.latestVersion ?? latest.version} đã gửi
              </button>
            )}
          </Notice>
        )}

        {!locked && (
          <div class="toolbar">
            <div class="field inline">
              <label for="import-file">Nhập nội dung từ tệp JSON</label>
              <input
                id="import-file"
                ref={fileRef}
                type="file"
                accept=".json,application/json"
                onChange={(e) => {
                  const f = (e.target as HTMLInputElement).files?.[0];
                  if (f) void importFile(f);
                  (e.target as HTMLInputElement).value = '';
                }}
              />
            </div>
          </div>
        )}
        {importNote && <Notice kind="info">{importNote}</Notice>}

        <Summary
          title={`Báo cáo còn ${errors.length} lỗi cần sửa trước khi gửi:`}
          items={visibleErrors}
          form={form}
          kind="error"
          text={api.text}
        />
        {checkErr !== undefined && <ErrorBox error={checkErr} title="Chưa kiểm tra được với máy chủ." />}

        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
        >
          <DocumentKinds />
          <section class="form-section level-1" aria-labelledby="h-header">
            <h2 id="h-header">Thông tin văn bản</h2>
            {(ctx.authority || ctx.place) && (
              <p class="muted">
                {ctx.authority && <>Cơ quan ban hành: {ctx.authority}. </>}
                {ctx.place && <>Địa danh: {ctx.place}.</>}
              </p>
            )}
            <div class="grid">
              <Input path={['header', 'number']} label="Số văn bản" hint="Để trống nếu chưa cấp số" class="col-s" />
              <Input path={['header', 'symbol']} label="Ký hiệu" hint={`Ví dụ: ${form.document.defaultSymbol}`} class="col-s" />
              <Input path={['header', 'date', 'day']} plain label="Ngày ký" hint="Để trống nếu chưa ký" kind="number" class="col-s" />
              <Input path={['header', 'date', 'month']} plain label="Tháng" kind="number" class="col-s" />
              <Input path={['header', 'date', 'year']} plain label="Năm" kind="number" class="col-s" />
            </div>
            {hasRecipients && (
              <>
                <p class="block-title">Kính gửi</p>
                <List
                  path={['header', 'recipients']}
                  itemName="Nơi gửi"
                  addLabel="Thêm nơi gửi"
                  grouped={false}
                  empty={() => ''}
                  render={(p, i) => <Input path={p} label={`Kính gửi ${i + 1}`} />}
                />
              </>
            )}
            <p class="block-title">Căn cứ</p>
            <DocumentList path={['legalBasis']} itemName="Văn bản căn cứ" addLabel="Thêm văn bản căn cứ" />
            <Input
              path={['introduction']}
              label="Đoạn mở đầu"
              hint="Để trống thì văn bản tự viết từ các văn bản căn cứ."
              optional
              multiline
            />
          </section>

          {form.outline.map((s, i) => (
            <Section key={s.id} def={s} index={i} parent="" level={1} />
          ))}

          <section class="form-section level-1" aria-labelledby="h-end">
            <h2 id="h-end">Kết thúc văn bản</h2>
            <Input path={['closing']} label="Câu kết" hint="Ví dụ: Kính chuyển Sở Nội vụ nắm, tổng hợp./." optional multiline />
            <p class="block-title">Nơi nhận</p>
            <List
              path={['distribution']}
              itemName="Nơi nhận"
              addLabel="Thêm nơi nhận"
              grouped={false}
              empty={() => ''}
              render={(p, i) => <Input path={p} label={`Nơi nhận ${i + 1}`} />}
            />
            <p class="block-title">Người ký</p>
            <List
              path={['signature', 'lines']}
              itemName="Dòng thẩm quyền"
              addLabel="Thêm dòng thẩm quyền ký"
              empty={() => ({ text: '' })}
              render={(p) => (
                <div class="grid">
                  <Select
                    path={[...p, 'prefix']}
                    label="Viết tắt"
                    options={['TM.', 'KT.', 'TL.', 'TUQ.', 'Q.'].map((x) => ({ value: x, label: x }))}
                  />
                  <Input path={[...p, 'text']} label="Nội dung" hint="Ví dụ: ỦY BAN NHÂN DÂN" class="col-m" />
                </div>
              )}
            />
            <div class="grid">
              <Input path={['signature', 'title']} label="Chức vụ người ký" hint="Ví dụ: CHỦ TỊCH" class="col-m" />
              <Input path={['signature', 'name']} label="Họ và tên người ký" class="col-m" />
            </div>
          </section>

          <Summary
            title="Cảnh báo (báo cáo vẫn gửi được, nhưng hãy xem lại):"
            items={warnings}
            form={form}
            kind="warning"
            text={api.text}
          />

          {conflict && (
            <div class="alert alert-warning" role="alert" tabIndex={-1} ref={conflictRef} id="conflict">
              <p class="alert-title">Chưa gửi được: đã có người lưu phiên bản mới hơn.</p>
              <p>
                Phiên bản {conflict.version} được lưu lúc {timeVi(conflict.receivedAt)} bởi tài khoản {conflict.by}, sau khi bạn mở báo cáo.
                Nội dung bạn đang sửa vẫn được giữ trong bản nháp trên máy này.
              </p>
              <p class="row-actions">
                <button type="button" class="btn btn-primary" onClick={() => void loadTheirs()}>
                  Tải phiên bản {conflict.version} của họ
                </button>
                <button type="button" class="btn" onClick={keepMine}>
                  Giữ bản của tôi để gửi thay
                </button>
              </p>
            </div>
          )}
          {submitErr !== undefined && <ErrorBox error={submitErr} title="Chưa gửi được báo cáo." />}
          {receipt && (
            <div class="alert alert-success" role="status" tabIndex={-1} ref={receiptRef} id="receipt">
              <p class="alert-title">
                {receipt.created
                  ? `Đã gửi phiên bản ${receipt.version}.`
                  : `Nội dung không đổi so với phiên bản ${receipt.version}; không tạo phiên bản mới.`}
              </p>
              <p>
                Máy chủ nhận lúc {timeVi(receipt.receivedAt)}. Báo cáo được tính là{' '}
                <strong>{receipt.onTime ? 'nộp đúng hạn' : 'nộp trễ hạn'}</strong> (theo lần gửi đầu tiên lúc{' '}
                {timeVi(receipt.firstReceivedAt)}).
              </p>
              {(receipt.warningCount ?? receipt.warnings.length) > 0 && (
                <p>
                  Có {receipt.warningCount ?? receipt.warnings.length} cảnh báo
                  {(receipt.warningCount ?? 0) > receipt.warnings.length ? ` (liệt kê ${receipt.warnings.length} cảnh báo đầu tiên)` : ''},
                  xem danh sách ở trên.
                </p>
              )}
              <p class="row-actions">
                <button type="button" class="btn" onClick={() => void download(receipt.version)}>
                  Tải văn bản Word (phiên bản {receipt.version})
                </button>
                <a class="btn" href={`/don-vi/${unit}/${period}/lich-su`}>
                  Xem lịch sử phiên bản
                </a>
              </p>
            </div>
          )}
          {docNote && <p role="status">{docNote}</p>}
          {docErr !== undefined && <ErrorBox error={docErr} title="Chưa tải được văn bản." />}
          {!locked && (
            <div class="submit-bar">
              <button type="submit" class="btn btn-primary btn-large" disabled={submitting}>
                {submitting ? 'Đang gửi…' : 'Gửi báo cáo'}
              </button>
              <span class="muted">
                {baseVersion !== null ? `Gửi bản sửa của phiên bản ${baseVersion}.` : 'Gửi lần đầu.'}{' '}
                {errors.length > 0 && `Còn ${errors.length} lỗi cần sửa.`}
              </span>
            </div>
          )}
        </form>
      </section>
    </EditorContext.Provider>
  );
}

export { getIn };

/**
 * Province staff decide on the version they are reading: accept, or return it with a
 * comment (and comments at fields, chosen from the report's own fields here or by the
 * "Góp ý" button beside a field in the report above); reopen an
 * accepted report with a reason. Every decision sends If-Match of the version shown, so
 * a newer version arriving first is explained (412) instead of being decided blindly.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormDef } from '../../../shared/forms/model.ts';
import { leafValues, shown } from '../editor/diff.ts';
import { pathKey } from '../editor/paths.ts';
import { ApiError, get, reportPath, request } from '../lib/api.ts';
import { actorText, type Actor, type FieldComment, type ReviewSummary } from '../lib/review.ts';
import { ErrorBox, timeVi } from '../lib/ui.tsx';
import { fieldLabel } from './ReviewNotice.tsx';

interface Newer {
  version: number;
  receivedAt: string;
  by: Actor;
}

const clip = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The report's fields as choices, grouped by the part of the report they are in. */
function fieldChoices(content: unknown, form: FormDef | null, text: (s: string) => string) {
  const groups = new Map<string, { key: string; label: string }[]>();
  for (const leaf of leafValues(content)) {
    if (leaf.path[0] === 'form') continue;
    const key = pathKey(leaf.path);
    const label = fieldLabel(form, key, text);
    // Indicators are grouped together; everything else by its part of the report (a section, the header…).
    const group = leaf.path[0] === 'values' ? 'Số liệu các chỉ tiêu' : (label.split(' › ')[0] ?? label);
    const list = groups.get(group) ?? [];
    list.push({ key, label: leaf.value === undefined ? label : `${label}: ${clip(shown(leaf.value))}` });
    groups.set(group, list);
  }
  return [...groups.entries()];
}

export function ReviewPanel({
  unit,
  period,
  version,
  content,
  review,
  form,
  text,
  commentAt,
  onDecided,
  onReload,
}: {
  unit: string;
  period: string;
  /** The version on screen: every decision is about it (If-Match). */
  version: number;
  content: unknown;
  review: ReviewSummary;
  form: FormDef | null;
  text: (s: string) => string;
  /** A field staff asked to comment at from the report (its path key); a new seq is a new request. */
  commentAt?: { key: string; seq: number } | undefined;
  onDecided: (review: ReviewSummary) => void;
  /** Loads the latest version in place (after a 412). */
  onReload: () => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [comments, setComments] = useState<FieldComment[]>([]);
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'accept' | 'return' | 'reopen'>();
  const [fieldErr, setFieldErr] = useState<{ id: string; text: string }>();
  const [err, setErr] = useState<unknown>();
  const [newer, setNewer] = useState<Newer>();
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLDivElement>(null);
  const newerRef = useRef<HTMLDivElement>(null);
  const choices = useMemo(() => fieldChoices(content, form, text), [content, form]);
  const base = reportPath(unit, period);

  const focusLater = (f: () => void) => requestAnimationFrame(f);

  // A field's "Góp ý" button: its comment box, added once, in view and focused.
  useEffect(() => {
    if (!commentAt || review.state !== 'submitted') return;
    let i = comments.findIndex((c) => c.path === commentAt.key);
    if (i < 0) {
      i = comments.length;
      setComments((list) => [...list, { path: commentAt.key, text: '' }]);
    }
    focusLater(() => {
      const box = document.getElementById(`review-fc-${i}`);
      box?.scrollIntoView({ block: 'center' });
      box?.focus();
    });
  }, [commentAt?.seq]);

  async function explainConflict() {
    try {
      const v = await get<{ latestVersion: number; versions: { version: number; receivedAt: string; submittedBy: Actor }[] }>(
        `${base}/versions`,
      );
      const last = v.versions.find((x) => x.version === v.latestVersion) ?? v.versions[v.versions.length - 1]!;
      setNewer({ version: last.version, receivedAt: last.receivedAt, by: last.submittedBy });
      focusLater(() => newerRef.current?.focus());
    } catch (e) {
      setErr(e);
    }
  }

  async function send(kind: 'accept' | 'return' | 'reopen') {
    setErr(undefined);
    setDone(undefined);
    setNewer(undefined);
    setFieldErr(undefined);
    if (kind === 'return' && !comment.trim() && !comments.some((c) => c.text.trim())) {
      setFieldErr({ id: 'review-comment', text: 'Hãy ghi nhận xét chung (hoặc góp ý tại ít nhất một mục) để đơn vị biết cần sửa gì.' });
      focusLater(() => document.getElementById('review-comment')?.focus());
      return;
    }
    const empty = comments.findIndex((c) => !c.text.trim());
    if (kind !== 'reopen' && empty >= 0) {
      setFieldErr({ id: `review-fc-${empty}`, text: 'Hãy ghi nội dung góp ý, hoặc xóa góp ý này.' });
      focusLater(() => document.getElementById(`review-fc-${empty}`)?.focus());
      return;
    }
    if (kind === 'reopen' && !reason.trim()) {
      setFieldErr({ id: 'reopen-reason', text: 'Hãy ghi lý do mở lại báo cáo.' });
      focusLater(() => document.getElementById('reopen-reason')?.focus());
      return;
    }
    setBusy(kind);
    try {
      const headers = { 'if-match': `"${version}"` };
      const r =
        kind === 'reopen'
          ? await request<{ review: ReviewSummary }>('POST', `${base}/reopen`, { body: { reason: reason.trim() }, headers })
          : await request<{ review: ReviewSummary }>('POST', `${base}/review`, {
              body: {
                decision: kind,
                ...(comment.trim() ? { comment: comment.trim() } : {}),
                comments: comments.map((c) => ({ path: c.path, text: c.text.trim() })),
              },
              headers,
            });
      setComment('');
      setComments([]);
      setReason('');
      setDone(
        kind === 'accept'
          ? `Đã chấp nhận phiên bản ${version}. Báo cáo đã khóa: đơn vị không sửa được nữa, trừ khi Sở Nội vụ mở lại.`
          : kind === 'return'
            ? `Đã trả lại phiên bản ${version} cho đơn vị. Khi đơn vị gửi bản sửa, báo cáo trở lại trạng thái chờ duyệt.`
            : 'Đã mở lại báo cáo. Đơn vị có thể sửa và gửi lại; phiên bản hiện tại cũng có thể được duyệt lại.',
      );
      onDecided(r.body.review);
      focusLater(() => doneRef.current?.focus());
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) await explainConflict();
      else if (e instanceof ApiError && e.status === 422 && e.details.some((d) => d.path === '$.comment' || d.path === '$.reason')) {
        const d = e.details.find((x) => x.path === '$.comment' || x.path === '$.reason')!;
        const id = d.path === '$.reason' ? 'reopen-reason' : 'review-comment';
        setFieldErr({
          id,
          text: d.path === '$.reason' ? 'Hãy ghi lý do mở lại báo cáo.' : 'Hãy ghi nhận xét chung (hoặc góp ý tại ít nhất một mục).',
        });
        focusLater(() => document.getElementById(id)?.focus());
      } else setErr(e);
    } finally {
      setBusy(undefined);
    }
  }

  async function loadNewer() {
    const n = newer;
    setNewer(undefined);
    try {
      await onReload();
      if (n) setDone(`Đã tải phiên bản ${n.version}. Hãy xem lại nội dung rồi chấp nhận hoặc trả lại phiên bản này.`);
      focusLater(() => doneRef.current?.focus());
    } catch (e) {
      setErr(e);
    }
  }

  const errorOf = (id: string) =>
    fieldErr?.id === id ? (
      <p class="error" id={`${id}-e`}>
        <span aria-hidden="true">✖ </span>
        {fieldErr.text}
      </p>
    ) : null;
  const invalid = (id: string) => (fieldErr?.id === id ? ('true' as const) : undefined);
  const described = (id: string, hint?: string) => [hint, fieldErr?.id === id ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <section class="card review-panel" aria-labelledby="review-title">
      <h2 id="review-title">Ý kiến của Sở Nội vụ</h2>
      {done && (
        <div class="alert alert-success" role="status" tabIndex={-1} ref={doneRef} id="review-done">
          <p>{done}</p>
        </div>
      )}
      {newer && (
        <div class="alert alert-warning" role="alert" tabIndex={-1} ref={newerRef} id="review-conflict">
          <p class="alert-title">Chưa ghi được ý kiến: đơn vị đã gửi phiên bản mới hơn.</p>
          <p>
            Phiên bản {newer.version} được gửi lúc {timeVi(newer.receivedAt)} bởi {actorText(newer.by)}, sau khi bạn mở phiên bản {version}.
            Ý kiến chỉ áp dụng cho phiên bản mới nhất, nên hãy xem phiên bản {newer.version} trước. Nhận xét bạn đang ghi vẫn được giữ.
          </p>
          <p>
            <button type="button" class="btn btn-primary" onClick={() => void loadNewer()}>
              Tải phiên bản {newer.version}
            </button>
          </p>
        </div>
      )}
      {err !== undefined && <ErrorBox error={err} title="Chưa ghi được ý kiến." />}

      {review.state === 'submitted' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send('accept');
          }}
          noValidate
        >
          <p>Phiên bản {version} đang chờ duyệt. Chấp nhận thì báo cáo được khóa; trả lại thì đơn vị nhận được nhận xét và sửa, gửi lại.</p>
          <div class={`field ${fieldErr?.id === 'review-comment' ? 'has-error' : ''}`}>
            <label for="review-comment">Nhận xét chung</label>
            <p class="hint" id="review-comment-h">
              Bắt buộc khi trả lại (hoặc ghi góp ý tại ít nhất một mục); không bắt buộc khi chấp nhận.
            </p>
            <textarea
              id="review-comment"
              rows={3}
              value={comment}
              aria-invalid={invalid('review-comment')}
              aria-describedby={described('review-comment', 'review-comment-h')}
              onInput={(e) => {
                const v = (e.target as HTMLTextAreaElement).value;
                setComment(v);
                if (fieldErr?.id === 'review-comment' && v.trim()) setFieldErr(undefined);
              }}
            />
            {errorOf('review-comment')}
          </div>
          <fieldset>
            <legend>Góp ý tại từng mục (không bắt buộc)</legend>
            {comments.map((c, i) => {
              const id = `review-fc-${i}`;
              const label = fieldLabel(form, c.path, text);
              return (
                <div class={`field field-comment ${fieldErr?.id === id ? 'has-error' : ''}`} key={c.path}>
                  <label for={id}>Góp ý cho mục “{label}”</label>
                  <textarea
                    id={id}
                    rows={2}
                    value={c.text}
                    aria-invalid={invalid(id)}
                    aria-describedby={described(id)}
                    onInput={(e) => {
                      const v = (e.target as HTMLTextAreaElement).value;
                      setComments((list) => list.map((x, j) => (j === i ? { ...x, text: v } : x)));
                      if (fieldErr && v.trim()) setFieldErr(undefined);
                    }}
                  />
                  {errorOf(id)}
                  <button
                    type="button"
                    class="btn btn-small btn-quiet"
                    onClick={() => {
                      setComments((list) => list.filter((_, j) => j !== i));
                      setFieldErr(undefined);
                      focusLater(() => document.getElementById('review-field')?.focus());
                    }}
                  >
                    Xóa góp ý<span class="sr-only"> cho mục “{label}”</span>
                  </button>
                </div>
              );
            })}
            <div class="toolbar">
              <div class="field inline grow">
                <label for="review-field">Chọn mục của báo cáo</label>
                <select id="review-field" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
                  <option value="">(chưa chọn)</option>
                  {choices.map(([group, list]) => (
                    <optgroup key={group} label={group}>
                      {list.map((o) => (
                        <option key={o.key} value={o.key} disabled={comments.some((c) => c.path === o.key)}>
                          {o.label}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
              <button
                type="button"
                class="btn"
                disabled={!chosen}
                onClick={() => {
                  const i = comments.length;
                  setComments((list) => [...list, { path: chosen, text: '' }]);
                  setChosen('');
                  focusLater(() => document.getElementById(`review-fc-${i}`)?.focus());
                }}
              >
                Thêm góp ý cho mục này
              </button>
            </div>
          </fieldset>
          <p class="row-actions">
            <button type="submit" class="btn btn-primary" disabled={busy !== undefined}>
              {busy === 'accept' ? 'Đang ghi…' : `Chấp nhận phiên bản ${version}`}
            </button>
            <button type="button" class="btn" disabled={busy !== undefined} onClick={() => void send('return')}>
              {busy === 'return' ? 'Đang ghi…' : `Trả lại phiên bản ${version}`}
            </button>
          </p>
        </form>
      )}

      {review.state === 'returned' && (
        <p>
          Phiên bản {review.last?.version ?? version} đã được trả lại; đang chờ đơn vị sửa và gửi lại. Khi có phiên bản mới, trang này cho
          chấp nhận hoặc trả lại phiên bản đó.
        </p>
      )}

      {review.state === 'accepted' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send('reopen');
          }}
          noValidate
        >
          <p>Báo cáo đã được duyệt và khóa. Mở lại khi đơn vị cần sửa: báo cáo trở lại trạng thái chờ duyệt và đơn vị gửi được bản sửa.</p>
          <div class={`field ${fieldErr?.id === 'reopen-reason' ? 'has-error' : ''}`}>
            <label for="reopen-reason">Lý do mở lại (bắt buộc)</label>
            <textarea
              id="reopen-reason"
              rows={2}
              value={reason}
              aria-invalid={invalid('reopen-reason')}
              aria-describedby={described('reopen-reason')}
              onInput={(e) => {
                const v = (e.target as HTMLTextAreaElement).value;
                setReason(v);
                if (fieldErr?.id === 'reopen-reason' && v.trim()) setFieldErr(undefined);
              }}
            />
            {errorOf('reopen-reason')}
          </div>
          <p>
            <button type="submit" class="btn btn-primary" disabled={busy !== undefined}>
              {busy === 'reopen' ? 'Đang mở lại…' : 'Mở lại báo cáo'}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}

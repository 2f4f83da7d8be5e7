/** Province staff: a unit's latest report, read-only, with its document and history. */
import { useEffect, useState } from 'preact/hooks';
import { currentSession } from '../lib/auth.ts';
import type { ReviewSummary } from '../lib/review.ts';
import { commentsAt, openComments, ReviewNotice } from '../review/ReviewNotice.tsx';
import { ReviewPanel } from '../review/ReviewPanel.tsx';
import type { FormDef } from '../../../shared/forms/model.ts';
import { fetchForm } from '../lib/form-context.ts';
import { get, reportPath, type Detail } from '../lib/api.ts';
import { labelOf } from '../lib/periods.ts';
import { ErrorBox, Loading, Notice, PageTitle, ReviewBadge, timeVi } from '../lib/ui.tsx';
import { pathKey } from './paths.ts';
import { downloadDocument } from './document.ts';
import { periodTexts } from './texts.ts';
import { DocumentList, EditorContext, Input, List, Section, type EditorApi } from './fields.tsx';

interface Latest {
  version: number;
  latestVersion: number;
  receivedAt: string;
  firstReceivedAt: string;
  onTime: boolean;
  warnings: Detail[];
  content: any;
  review?: ReviewSummary;
}

export function ReportView({ province, unit, period }: { province: string; unit: string; period: string }) {
  const [latest, setLatest] = useState<Latest>();
  const [form, setForm] = useState<FormDef | null>();
  const [err, setErr] = useState<unknown>();
  const [docNote, setDocNote] = useState<string>();
  const [docErr, setDocErr] = useState<unknown>();
  /** The field staff last asked to comment at (from its button in the report); seq repeats a request. */
  const [commentAt, setCommentAt] = useState<{ key: string; seq: number }>();

  /** The latest version and its form; in place (no loading state) when one is already shown. */
  async function load(signal?: AbortSignal) {
    const l = await get<Latest>(reportPath(unit, period), signal);
    const ref = l.content?.form;
    const f = ref ? await fetchForm(ref, signal).catch(() => null) : null;
    setForm(f);
    setLatest(l);
  }

  useEffect(() => {
    const ac = new AbortController();
    load(ac.signal).catch((e) => (e as Error).name !== 'AbortError' && setErr(e));
    return () => ac.abort();
  }, [unit, period]);

  async function download() {
    if (!latest) return;
    setDocErr(undefined);
    setDocNote('Đang chuẩn bị văn bản…');
    try {
      await downloadDocument(unit, period, latest.version, () => setDocNote('Văn bản đang được tạo, vui lòng chờ trong giây lát…'));
      setDocNote(`Đã tải văn bản Word của phiên bản ${latest.version}.`);
    } catch (e) {
      setDocNote(undefined);
      setDocErr(e);
    }
  }

  const text = periodTexts(period);
  const returned = openComments(latest?.review);
  const staff = currentSession()?.role !== 'reporter';
  // Comments at fields go with a return: only while the version waits for a decision.
  const deciding = staff && latest?.review?.state === 'submitted';
  const api: EditorApi | undefined =
    latest && form
      ? {
          body: latest.content,
          form,
          readOnly: true,
          text,
          set: () => {},
          remove: () => {},
          touch: () => {},
          messagesAt: (path, deep) => ({ errors: [], warnings: [], comments: commentsAt(returned, pathKey(path), deep) }),
          commentOn: deciding ? (path) => setCommentAt((c) => ({ key: pathKey(path), seq: (c?.seq ?? 0) + 1 })) : undefined,
        }
      : undefined;

  return (
    <section>
      <p class="crumbs">
        <a href={`/tinh/${province}?ky=${period}`}>Về tình hình nộp báo cáo</a>
      </p>
      <PageTitle>
        Báo cáo {labelOf(period).toLowerCase()} · đơn vị {unit}
      </PageTitle>
      {err !== undefined ? (
        <ErrorBox error={err} />
      ) : !latest || form === undefined ? (
        <Loading label="Đang tải báo cáo…" />
      ) : (
        <>
          <p class="lead">
            Phiên bản {latest.version}, nhận lúc {timeVi(latest.receivedAt)}; {latest.onTime ? 'nộp đúng hạn' : 'nộp trễ hạn'} (lần đầu lúc{' '}
            {timeVi(latest.firstReceivedAt)}).
          </p>
          {latest.review && (
            <p class="review-state">
              Tình trạng duyệt: <ReviewBadge state={latest.review.state} />
            </p>
          )}
          <ReviewNotice review={latest.review} form={form} text={text} audience="province" latestVersion={latest.latestVersion} />
          <p class="row-actions">
            <button type="button" class="btn btn-primary" onClick={() => void download()}>
              Tải văn bản Word
            </button>
            <a class="btn" href={`/don-vi/${unit}/${period}/lich-su`}>
              Lịch sử phiên bản
            </a>
            {staff && latest.review && (
              <button
                type="button"
                class="btn"
                onClick={() => {
                  // The decision form is under the report; jump to its first control.
                  const h = document.getElementById('review-title');
                  h?.scrollIntoView({ block: 'start' });
                  (h?.closest('section')?.querySelector('textarea, button') as HTMLElement | null)?.focus();
                }}
              >
                Ghi ý kiến duyệt
              </button>
            )}
          </p>
          {docNote && <p role="status">{docNote}</p>}
          {docErr !== undefined && <ErrorBox error={docErr} title="Chưa tải được văn bản." />}
          {latest.warnings.length > 0 && (
            <Notice kind="warning">
              <p class="alert-title">Cảnh báo của báo cáo:</p>
              <ul>
                {latest.warnings.map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            </Notice>
          )}
          {api ? (
            <EditorContext.Provider value={api}>
              <div class="readonly">
                <section class="form-section level-1" aria-labelledby="h-header">
                  <h2 id="h-header">Thông tin văn bản</h2>
                  <Input path={['header', 'number']} label="Số văn bản" />
                  <Input path={['header', 'symbol']} label="Ký hiệu" />
                  <List
                    path={['header', 'recipients']}
                    itemName="Kính gửi"
                    addLabel=""
                    grouped={false}
                    empty={() => ''}
                    render={(p, i) => <Input path={p} label={`Kính gửi ${i + 1}`} />}
                  />
                  <DocumentList path={['legalBasis']} itemName="Văn bản căn cứ" />
                  <Input path={['introduction']} label="Đoạn mở đầu" />
                </section>
                {form!.outline.map((s, i) => (
                  <Section key={s.id} def={s} index={i} parent="" level={1} />
                ))}
                <section class="form-section level-1" aria-labelledby="h-end">
                  <h2 id="h-end">Kết thúc văn bản</h2>
                  <Input path={['closing']} label="Câu kết" />
                  <Input path={['signature', 'title']} label="Chức vụ người ký" />
                  <Input path={['signature', 'name']} label="Họ và tên người ký" />
                </section>
              </div>
            </EditorContext.Provider>
          ) : (
            <Notice kind="info">Báo cáo này không gắn với biểu mẫu nào trên máy chủ; hãy xem nội dung trong văn bản Word.</Notice>
          )}
          {staff && latest.review && (
            <ReviewPanel
              unit={unit}
              period={period}
              version={latest.version}
              content={latest.content}
              review={latest.review}
              form={form}
              text={text}
              commentAt={commentAt}
              onDecided={(review) => setLatest({ ...latest, review })}
              onReload={() => load()}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Province staff: a unit's latest report, read-only, with its document and history. */
import { useEffect, useState } from 'preact/hooks';
import type { FormDef } from '../../../shared/forms/model.ts';
import { fetchForm } from '../lib/form-context.ts';
import { get, reportPath, type Detail } from '../lib/api.ts';
import { labelOf } from '../lib/periods.ts';
import { ErrorBox, Loading, Notice, PageTitle, timeVi } from '../lib/ui.tsx';
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
}

export function ReportView({ province, unit, period }: { province: string; unit: string; period: string }) {
  const [latest, setLatest] = useState<Latest>();
  const [form, setForm] = useState<FormDef | null>();
  const [err, setErr] = useState<unknown>();
  const [docNote, setDocNote] = useState<string>();
  const [docErr, setDocErr] = useState<unknown>();

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      const l = await get<Latest>(reportPath(unit, period), ac.signal);
      setLatest(l);
      const ref = l.content?.form;
      setForm(ref ? await fetchForm(ref, ac.signal).catch(() => null) : null);
    })().catch((e) => (e as Error).name !== 'AbortError' && setErr(e));
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

  const api: EditorApi | undefined =
    latest && form
      ? { body: latest.content, form, readOnly: true, text: periodTexts(period), set: () => {}, remove: () => {}, touch: () => {}, messagesAt: () => ({ errors: [], warnings: [] }) }
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
            Phiên bản {latest.version}, nhận lúc {timeVi(latest.receivedAt)}; {latest.onTime ? 'nộp đúng hạn' : 'nộp trễ hạn'} (lần đầu lúc {timeVi(latest.firstReceivedAt)}).
          </p>
          <p class="row-actions">
            <button type="button" class="btn btn-primary" onClick={() => void download()}>
              Tải văn bản Word
            </button>
            <a class="btn" href={`/don-vi/${unit}/${period}/lich-su`}>
              Lịch sử phiên bản
            </a>
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
                  <List path={['header', 'recipients']} itemName="Kính gửi" addLabel="" grouped={false} empty={() => ''} render={(p, i) => <Input path={p} label={`Kính gửi ${i + 1}`} />} />
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
        </>
      )}
    </section>
  );
}

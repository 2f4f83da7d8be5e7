/**
 * A report's versions: when each was received, by whom, how many warnings and its .docx,
 * newest first, a page at a time ("Xem thêm" loads older ones); and a field-by-field
 * comparison of any two loaded versions.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FormDef } from '../../../shared/forms/model.ts';
import { fetchForm } from '../lib/form-context.ts';
import { get, reportPath } from '../lib/api.ts';
import { labelOf } from '../lib/periods.ts';
import type { ReviewActionInfo } from '../lib/review.ts';
import { ErrorBox, Loading, PageTitle, timeVi } from '../lib/ui.tsx';
import { ReviewHistory } from '../review/ReviewHistory.tsx';
import { diffBodies, shown, type Change } from './diff.ts';
import { downloadDocument } from './document.ts';
import { labelFor } from './labels.ts';
import { periodTexts } from './texts.ts';

interface VersionInfo {
  version: number;
  receivedAt: string;
  submittedBy: { sub: string; unit: string; role: string };
  warningCount: number;
}

interface Versions {
  latestVersion: number;
  versions: VersionInfo[];
  reviews?: ReviewActionInfo[];
  nextCursor?: string;
}

/** Versions per page (the API allows up to 100). */
const PAGE = 50;

export function History({ unit, period }: { unit: string; period: string }) {
  const [data, setData] = useState<Versions>();
  const [err, setErr] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [changes, setChanges] = useState<{ from: number; to: number; list: Change[]; form?: FormDef | undefined }>();
  const [comparing, setComparing] = useState(false);
  const [cmpErr, setCmpErr] = useState<unknown>();
  const [docNote, setDocNote] = useState<string>();
  const [docErr, setDocErr] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreErr, setMoreErr] = useState<unknown>();

  useEffect(() => {
    const ac = new AbortController();
    setErr(undefined);
    get<Versions>(`${reportPath(unit, period)}/versions?limit=${PAGE}`, ac.signal).then(
      (v) => {
        setData(v);
        const sorted = [...v.versions].sort((a, b) => a.version - b.version);
        setTo(sorted[sorted.length - 1]?.version);
        setFrom(sorted[Math.max(0, sorted.length - 2)]?.version);
      },
      (e) => (e as Error).name !== 'AbortError' && setErr(e),
    );
    return () => ac.abort();
  }, [unit, period, attempt]);

  /** The next (older) page, appended to the list. */
  async function loadMore() {
    if (!data?.nextCursor) return;
    setLoadingMore(true);
    setMoreErr(undefined);
    try {
      const next = await get<Versions>(`${reportPath(unit, period)}/versions?limit=${PAGE}&cursor=${encodeURIComponent(data.nextCursor)}`);
      const seen = new Set(data.versions.map((v) => v.version));
      // Each page carries the review actions on its versions: keep them all, in order.
      const seqs = new Set((data.reviews ?? []).map((r) => r.seq));
      const reviews = [...(next.reviews ?? []).filter((r) => !seqs.has(r.seq)), ...(data.reviews ?? [])].sort((a, b) => a.seq - b.seq);
      setData({
        ...data,
        versions: [...data.versions, ...next.versions.filter((v) => !seen.has(v.version))],
        nextCursor: next.nextCursor,
        ...(data.reviews || next.reviews ? { reviews } : {}),
      });
    } catch (e) {
      setMoreErr(e);
    } finally {
      setLoadingMore(false);
    }
  }

  async function compare(e: Event) {
    e.preventDefault();
    if (from === undefined || to === undefined) return;
    setComparing(true);
    setCmpErr(undefined);
    try {
      const [a, b] = await Promise.all([
        get<{ content: any }>(`${reportPath(unit, period)}?version=${from}`),
        get<{ content: any }>(`${reportPath(unit, period)}?version=${to}`),
      ]);
      const ref = b.content?.form;
      const form = ref ? await fetchForm(ref).catch(() => undefined) : undefined;
      setChanges({ from, to, list: diffBodies(a.content, b.content), form });
    } catch (e2) {
      setCmpErr(e2);
    } finally {
      setComparing(false);
    }
  }

  async function download(v: number) {
    setDocErr(undefined);
    setDocNote('Đang chuẩn bị văn bản…');
    try {
      await downloadDocument(unit, period, v, () => setDocNote('Văn bản đang được tạo, vui lòng chờ trong giây lát…'));
      setDocNote(`Đã tải văn bản Word của phiên bản ${v}.`);
    } catch (e2) {
      setDocNote(undefined);
      setDocErr(e2);
    }
  }

  const label = (path: (string | number)[]) =>
    changes?.form ? labelFor(changes.form, path, periodTexts(period)) : path.map((s) => (typeof s === 'number' ? s + 1 : s)).join(' › ');

  return (
    <section>
      <p class="crumbs">
        <a href={`/don-vi/${unit}/${period}`}>Về báo cáo</a>
      </p>
      <PageTitle>
        Lịch sử phiên bản · {labelOf(period).toLowerCase()} · đơn vị {unit}
      </PageTitle>
      {err !== undefined ? (
        <ErrorBox error={err} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !data ? (
        <Loading label="Đang tải lịch sử…" />
      ) : (
        <>
          <table class="responsive">
            <caption class="sr-only">Các phiên bản đã gửi</caption>
            <thead>
              <tr>
                <th scope="col">Phiên bản</th>
                <th scope="col">Nhận lúc</th>
                <th scope="col">Người gửi</th>
                <th scope="col">Cảnh báo</th>
                <th scope="col">
                  <span class="sr-only">Văn bản</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...data.versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <tr key={v.version}>
                    <td data-label="Phiên bản">{v.version}</td>
                    <td data-label="Nhận lúc">{timeVi(v.receivedAt)}</td>
                    <td data-label="Người gửi">
                      {v.submittedBy.sub} (đơn vị {v.submittedBy.unit})
                    </td>
                    <td data-label="Cảnh báo">{v.warningCount}</td>
                    <td>
                      <button type="button" class="btn btn-small" onClick={() => void download(v.version)}>
                        Tải văn bản Word<span class="sr-only"> phiên bản {v.version}</span>
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {data.nextCursor && (
            <p>
              <button type="button" class="btn" onClick={() => void loadMore()} disabled={loadingMore}>
                {loadingMore ? 'Đang tải…' : `Xem thêm các phiên bản cũ hơn (đang hiện ${data.versions.length}/${data.latestVersion})`}
              </button>
            </p>
          )}
          {moreErr !== undefined && <ErrorBox error={moreErr} title="Chưa tải được các phiên bản cũ hơn." />}
          {docNote && <p role="status">{docNote}</p>}
          {docErr !== undefined && <ErrorBox error={docErr} title="Chưa tải được văn bản." />}
          {data.reviews && <ReviewHistory unit={unit} period={period} reviews={data.reviews} />}

          <form class="card" onSubmit={compare}>
            <h2>So sánh hai phiên bản</h2>
            <div class="toolbar">
              <div class="field inline">
                <label for="cmp-from">Phiên bản cũ</label>
                <select id="cmp-from" value={String(from)} onChange={(e) => setFrom(Number((e.target as HTMLSelectElement).value))}>
                  {data.versions.map((v) => (
                    <option key={v.version} value={String(v.version)}>
                      {v.version}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field inline">
                <label for="cmp-to">Phiên bản mới</label>
                <select id="cmp-to" value={String(to)} onChange={(e) => setTo(Number((e.target as HTMLSelectElement).value))}>
                  {data.versions.map((v) => (
                    <option key={v.version} value={String(v.version)}>
                      {v.version}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" class="btn btn-primary" disabled={comparing}>
                {comparing ? 'Đang so sánh…' : 'So sánh'}
              </button>
            </div>
            {cmpErr !== undefined && <ErrorBox error={cmpErr} />}
            {changes && (
              <div id="diff" tabIndex={-1}>
                <p role="status">
                  {changes.list.length === 0
                    ? `Phiên bản ${changes.from} và ${changes.to} có nội dung giống nhau.`
                    : `${changes.list.length} chỗ khác nhau giữa phiên bản ${changes.from} và ${changes.to}.`}
                </p>
                {changes.list.length > 0 && (
                  <table class="responsive diff">
                    <caption class="sr-only">
                      Khác biệt giữa phiên bản {changes.from} và {changes.to}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Mục</th>
                        <th scope="col">Phiên bản {changes.from}</th>
                        <th scope="col">Phiên bản {changes.to}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.list.map((c, i) => (
                        <tr key={i}>
                          <th scope="row" data-label="Mục">
                            {label(c.path)}
                          </th>
                          <td data-label={`Phiên bản ${changes.from}`} class="before">
                            {shown(c.before)}
                          </td>
                          <td data-label={`Phiên bản ${changes.to}`} class="after">
                            {shown(c.after)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            )}
          </form>
        </>
      )}
    </section>
  );
}

/**
 * Province staff: a period's completeness (expected, on time, late, missing), the unit
 * list (searchable and filterable: a province has 100+ communes), the latest rollup
 * with its four files, and its charts (loaded on demand).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { ApiError, get, request } from '../lib/api.ts';
import { labelOf, periodsOf } from '../lib/periods.ts';
import { navigate } from '../lib/router.ts';
import { REVIEW_STATES, reviewLabel, type ReviewState } from '../lib/review.ts';
import {
  countdown,
  dateVi,
  ErrorBox,
  Loading,
  Notice,
  PageTitle,
  ReviewBadge,
  StatusBadge,
  timeVi,
  STATUS_LABEL,
  type ReportState,
} from '../lib/ui.tsx';

interface StatusUnit {
  code: string;
  name: string;
  kind: string;
  status: ReportState;
  version: number | null;
  firstReceivedAt: string | null;
  receivedAt: string | null;
  /** The province's review of the latest version; null while nothing was submitted. */
  review: ReviewState | null;
}

interface StatusBody {
  province: { code: string; name: string };
  period: { id: string; label: string; deadline: string };
  counts: { expected: number; reported: number; onTime: number; late: number; missing: number; unexpected: number };
  review: { accepted: number; submitted: number; returned: number; countsUnaccepted: boolean };
  units: StatusUnit[];
  unexpected: (Omit<StatusUnit, 'status' | 'kind'> & { status: 'on_time' | 'late' })[];
}

interface FileLink {
  url: string;
  fileName: string;
}

export interface RollupBody {
  runId: string;
  asOf: string | null;
  stale: boolean;
  files: Record<'json' | 'csv' | 'xlsx' | 'docx', FileLink>;
  summary: any;
}

const FILES: { key: keyof RollupBody['files']; label: string }[] = [
  { key: 'docx', label: 'Báo cáo tổng hợp (Word)' },
  { key: 'xlsx', label: 'Bảng số liệu (Excel)' },
  { key: 'csv', label: 'Bảng số liệu (CSV)' },
  { key: 'json', label: 'Dữ liệu (JSON)' },
];

let chartsModule: Promise<ComponentType<{ rollup: RollupBody }>> | undefined;

function Charts({ rollup }: { rollup: RollupBody }) {
  const [C, setC] = useState<ComponentType<{ rollup: RollupBody }>>();
  const [err, setErr] = useState<unknown>();
  useEffect(() => {
    chartsModule ??= import('./Charts.tsx').then((m) => m.RollupCharts);
    chartsModule.then((c) => setC(() => c), setErr);
  }, []);
  if (err) return <ErrorBox error={new Error('Không tải được biểu đồ. Hãy tải lại trang.')} />;
  return C ? <C rollup={rollup} /> : <Loading label="Đang vẽ biểu đồ…" />;
}

function Rollup({ province, period }: { province: string; period: string }) {
  const [rollup, setRollup] = useState<RollupBody | null>();
  const [err, setErr] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState(false);
  const path = `/v1/provinces/${encodeURIComponent(province)}/rollups/${encodeURIComponent(period)}`;

  useEffect(() => {
    const ac = new AbortController();
    setRollup(undefined);
    setErr(undefined);
    get<RollupBody>(path, ac.signal).then(setRollup, (e) => {
      if (e instanceof ApiError && e.status === 404) setRollup(null);
      else if ((e as Error).name !== 'AbortError') setErr(e);
    });
    return () => ac.abort();
  }, [path]);

  async function runNow() {
    setRunning(true);
    setErr(undefined);
    setDone(false);
    try {
      setRollup((await request<RollupBody>('POST', path)).body);
      setDone(true);
    } catch (e) {
      setErr(e);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section aria-labelledby="rollup-title" class="card">
      <h2 id="rollup-title">Báo cáo tổng hợp của tỉnh</h2>
      {rollup === undefined && !err && <Loading label="Đang tải bản tổng hợp…" />}
      {rollup === null && <p>Chưa có bản tổng hợp cho kỳ này. Bấm “Tổng hợp ngay” để lập.</p>}
      {rollup && (
        <>
          <p>
            Bản tổng hợp mới nhất có số liệu đến {rollup.asOf ? timeVi(rollup.asOf) : 'khi chưa đơn vị nào gửi'}.
            {rollup.stale && ' Đã có báo cáo mới gửi sau đó; bấm “Tổng hợp ngay” để cập nhật.'}
          </p>
          <h3>Tải tệp</h3>
          <ul class="downloads">
            {FILES.map((f) => (
              <li key={f.key}>
                <a class="btn" href={rollup.files[f.key].url} download={rollup.files[f.key].fileName}>
                  {f.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {err !== undefined && <ErrorBox error={err} />}
      {done && <Notice kind="success">Đã tổng hợp xong.</Notice>}
      <p>
        <button type="button" class="btn btn-primary" onClick={runNow} disabled={running}>
          {running ? 'Đang tổng hợp…' : 'Tổng hợp ngay'}
        </button>
      </p>
      {rollup && <Charts rollup={rollup} />}
    </section>
  );
}

export function Dashboard({ province, period: periodParam }: { province: string; period: string | null }) {
  const thisYear = new Date().getFullYear();
  const period = periodParam ?? `${thisYear}-H1`;
  const [status, setStatus] = useState<StatusBody>();
  const [err, setErr] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<'all' | ReportState>('all');
  const [reviewFilter, setReviewFilter] = useState<'all' | ReviewState>('all');

  useEffect(() => {
    const ac = new AbortController();
    setStatus(undefined);
    setErr(undefined);
    get<StatusBody>(`/v1/provinces/${encodeURIComponent(province)}/periods/${encodeURIComponent(period)}/status`, ac.signal).then(
      setStatus,
      (e) => {
        if ((e as Error).name !== 'AbortError') setErr(e);
      },
    );
    return () => ac.abort();
  }, [province, period, attempt]);

  const shown = useMemo(() => {
    if (!status) return [];
    const q = search.trim().normalize('NFC').toLocaleLowerCase('vi');
    return status.units.filter(
      (u) =>
        (filter === 'all' || u.status === filter) &&
        (reviewFilter === 'all' || u.review === reviewFilter) &&
        (!q || u.code.includes(q) || u.name.normalize('NFC').toLocaleLowerCase('vi').includes(q)),
    );
  }, [status, search, filter, reviewFilter]);

  const periods: string[] = [];
  for (let y = thisYear + 1; y >= 2021; y--) periods.push(...periodsOf(y));

  return (
    <section>
      <PageTitle>Tình hình nộp báo cáo{status ? ` · ${status.province.name}` : ''}</PageTitle>
      <div class="toolbar">
        <div class="field inline">
          <label for="period">Kỳ báo cáo</label>
          <select id="period" value={period} onChange={(e) => navigate(`/tinh/${province}?ky=${(e.target as HTMLSelectElement).value}`)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {labelOf(p)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {err !== undefined ? (
        <ErrorBox error={err} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !status ? (
        <Loading label="Đang tải tình hình nộp báo cáo…" />
      ) : (
        <>
          <p class="lead">
            {status.period.label}: hạn nộp {dateVi(status.period.deadline)} ({countdown(status.period.deadline).text}).
          </p>
          <ul class="tiles" aria-label="Số đơn vị">
            <li class="tile">
              <span class="tile-n">
                {status.counts.reported}/{status.counts.expected}
              </span>
              <span class="tile-l">đơn vị đã nộp</span>
            </li>
            <li class="tile tile-on_time">
              <span class="tile-n">{status.counts.onTime}</span>
              <span class="tile-l">đúng hạn</span>
            </li>
            <li class="tile tile-late">
              <span class="tile-n">{status.counts.late}</span>
              <span class="tile-l">trễ hạn</span>
            </li>
            <li class="tile tile-missing">
              <span class="tile-n">{status.counts.missing}</span>
              <span class="tile-l">chưa nộp</span>
            </li>
            <li class="tile tile-on_time">
              <span class="tile-n">{status.review.accepted}</span>
              <span class="tile-l">đã duyệt{status.review.returned > 0 ? `, ${status.review.returned} trả lại` : ''}</span>
            </li>
          </ul>
          <section aria-labelledby="units-title" class="card">
            <h2 id="units-title">Các đơn vị phải nộp</h2>
            <div class="toolbar">
              <div class="field inline grow">
                <label for="search">Tìm đơn vị</label>
                <input
                  id="search"
                  type="search"
                  value={search}
                  placeholder="Tên hoặc mã đơn vị"
                  onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
                />
              </div>
              <div class="field inline">
                <label for="filter">Tình trạng</label>
                <select id="filter" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as typeof filter)}>
                  <option value="all">Tất cả</option>
                  <option value="missing">{STATUS_LABEL.missing}</option>
                  <option value="on_time">{STATUS_LABEL.on_time}</option>
                  <option value="late">{STATUS_LABEL.late}</option>
                </select>
              </div>
              <div class="field inline">
                <label for="review-filter">Kết quả duyệt</label>
                <select
                  id="review-filter"
                  value={reviewFilter}
                  onChange={(e) => setReviewFilter((e.target as HTMLSelectElement).value as typeof reviewFilter)}
                >
                  <option value="all">Tất cả</option>
                  {REVIEW_STATES.map((r) => (
                    <option key={r} value={r}>
                      {reviewLabel(r)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <p role="status" class="muted">
              Hiển thị {shown.length}/{status.units.length} đơn vị.
            </p>
            <table class="responsive">
              <caption class="sr-only">Các đơn vị phải nộp báo cáo {status.period.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Mã</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Tình trạng</th>
                  <th scope="col">Duyệt</th>
                  <th scope="col">Nhận lúc</th>
                  <th scope="col">Phiên bản</th>
                  <th scope="col">
                    <span class="sr-only">Mở báo cáo</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => (
                  <tr key={u.code}>
                    <td data-label="Mã">{u.code}</td>
                    <td data-label="Đơn vị">{u.name}</td>
                    <td data-label="Tình trạng">
                      <StatusBadge status={u.status} />
                    </td>
                    <td data-label="Duyệt">{u.review ? <ReviewBadge state={u.review} /> : '—'}</td>
                    <td data-label="Nhận lúc">{u.firstReceivedAt ? timeVi(u.firstReceivedAt) : '—'}</td>
                    <td data-label="Phiên bản">{u.version ?? '—'}</td>
                    <td>
                      {u.version !== null && (
                        <a href={`/tinh/${province}/${period}/${u.code}`}>
                          Xem báo cáo<span class="sr-only"> của {u.name}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {status.unexpected.length > 0 && (
              <p class="muted">
                Ngoài danh sách phải nộp, còn {status.unexpected.length} đơn vị đã gửi:{' '}
                {status.unexpected.map((u) => `${u.name ?? u.code}`).join(', ')}.
              </p>
            )}
          </section>
          <Rollup province={province} period={period} />
        </>
      )}
    </section>
  );
}

/** A unit official's periods: deadline, countdown, status and the way into each report. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, reportPath } from '../lib/api.ts';
import { formContext } from '../lib/form-context.ts';
import { periodsOf } from '../lib/periods.ts';
import { navigate } from '../lib/router.ts';
import type { ReviewSummary } from '../lib/review.ts';
import { countdown, dateVi, ErrorBox, Loading, PageTitle, ReviewBadge, StatusBadge, timeVi, type ReportState } from '../lib/ui.tsx';

interface Row {
  period: string;
  label: string;
  deadline?: string;
  applies: boolean;
  status: ReportState;
  version?: number;
  receivedAt?: string;
  review?: ReviewSummary;
}

async function loadRow(unit: string, period: string, signal: AbortSignal): Promise<Row> {
  const [ctx, latest] = await Promise.all([
    formContext(unit, period, signal),
    get<any>(reportPath(unit, period), signal).catch((e) => {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }),
  ]);
  const row: Row = { period, label: ctx.periodLabel, applies: ctx.form !== null || !!latest, status: 'missing' };
  if (ctx.deadline) row.deadline = ctx.deadline;
  if (latest) {
    row.status = latest.onTime ? 'on_time' : 'late';
    row.version = latest.latestVersion ?? latest.version;
    row.receivedAt = latest.firstReceivedAt ?? latest.receivedAt;
    if (latest.review) row.review = latest.review;
  }
  return row;
}

export function UnitPeriods({ unit, year: yearParam }: { unit: string; year: string | null }) {
  const thisYear = new Date().getFullYear();
  const year = yearParam && /^20\d\d$/.test(yearParam) ? Number(yearParam) : thisYear;
  const [rows, setRows] = useState<Row[]>();
  const [err, setErr] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    setRows(undefined);
    setErr(undefined);
    Promise.all(periodsOf(year).map((p) => loadRow(unit, p, ac.signal))).then(setRows, (e) => {
      if ((e as Error).name !== 'AbortError') setErr(e);
    });
    return () => ac.abort();
  }, [unit, year, attempt]);

  const years: number[] = [];
  for (let y = thisYear + 1; y >= 2021; y--) years.push(y);

  return (
    <section>
      <PageTitle>Báo cáo của đơn vị {unit}</PageTitle>
      <div class="toolbar">
        <div class="field inline">
          <label for="year">Năm</label>
          <select id="year" value={String(year)} onChange={(e) => navigate(`/don-vi/${unit}?nam=${(e.target as HTMLSelectElement).value}`)}>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {err !== undefined ? (
        <ErrorBox error={err} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !rows ? (
        <Loading label="Đang tải các kỳ báo cáo…" />
      ) : (
        <ul class="period-list">
          {rows
            .filter((r) => r.applies)
            .map((r) => {
              const cd = r.deadline && r.status === 'missing' ? countdown(r.deadline) : undefined;
              return (
                <li key={r.period} class="period-card">
                  <h2>{r.label}</h2>
                  <dl class="facts">
                    <div>
                      <dt>Hạn nộp: </dt>
                      <dd>
                        {r.deadline ? dateVi(r.deadline) : 'Chưa có'}
                        {cd && <span class={cd.overdue ? 'countdown overdue' : 'countdown'}> ({cd.text})</span>}
                      </dd>
                    </div>
                    <div>
                      <dt>Tình trạng: </dt>
                      <dd class="badges">
                        <StatusBadge status={r.status} />
                        {r.review && <ReviewBadge state={r.review.state} />}
                      </dd>
                    </div>
                    {r.review?.state === 'returned' && (
                      <div>
                        <dt>Sở Nội vụ: </dt>
                        <dd>trả lại phiên bản {r.review.last?.version}, đề nghị sửa và gửi lại.</dd>
                      </div>
                    )}
                    {r.version !== undefined && (
                      <div>
                        <dt>Phiên bản mới nhất: </dt>
                        <dd>
                          {r.version} · gửi lần đầu lúc {timeVi(r.receivedAt!)}
                        </dd>
                      </div>
                    )}
                  </dl>
                  <p class="actions">
                    <a class="btn btn-primary" href={`/don-vi/${unit}/${r.period}`}>
                      {r.status === 'missing' ? 'Lập báo cáo' : r.review?.state === 'accepted' ? 'Xem báo cáo' : 'Xem, sửa báo cáo'}
                      <span class="sr-only"> {r.label}</span>
                    </a>
                    {r.version !== undefined && (
                      <a class="btn" href={`/don-vi/${unit}/${r.period}/lich-su`}>
                        Lịch sử phiên bản<span class="sr-only"> {r.label}</span>
                      </a>
                    )}
                  </p>
                </li>
              );
            })}
        </ul>
      )}
    </section>
  );
}

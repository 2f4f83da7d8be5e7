/** Small shared pieces: loading and error states, status badges, dates in Vietnamese. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ictLong, vnDate } from '../../../shared/format/vi.ts';
import { ApiError } from './api.ts';
import { reviewLabel, type ReviewState } from './review.ts';

export function Loading({ label = 'Đang tải…' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error in plain words with the way forward; focusable so screen readers announce it. */
export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  const e = error instanceof ApiError ? error : undefined;
  const message = e ? e.message : error instanceof Error ? error.message : String(error);
  return (
    <div class="alert alert-error" role="alert" tabIndex={-1} ref={ref}>
      {title && <p class="alert-title">{title}</p>}
      <p>{message}</p>
      {e && <p>{e.advice}</p>}
      {e?.requestId && e.status >= 500 && <p class="muted">Mã yêu cầu: {e.requestId}</p>}
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          Thử lại
        </button>
      )}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {children}
    </div>
  );
}

export type ReportState = 'missing' | 'on_time' | 'late';

export const STATUS_LABEL: Record<ReportState, string> = {
  missing: 'Chưa gửi',
  on_time: 'Đã gửi đúng hạn',
  late: 'Đã gửi, trễ hạn',
};

export function StatusBadge({ status }: { status: ReportState }) {
  return <span class={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** The province's review of a submitted report: chờ duyệt, đã duyệt, trả lại. */
export function ReviewBadge({ state }: { state: ReviewState }) {
  return <span class={`badge badge-review-${state}`}>{reviewLabel(state)}</span>;
}

export const dateVi = (iso: string) => vnDate(iso);
export const timeVi = (instant: string) => ictLong(instant);

/** "còn 3 ngày", "hạn chót hôm nay", "quá hạn 5 ngày", counted in Asia/Ho_Chi_Minh days. */
export function countdown(deadline: string, now = new Date()): { text: string; overdue: boolean } {
  const today = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const days = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days > 0) return { text: `còn ${days} ngày`, overdue: false };
  if (days === 0) return { text: 'hạn chót hôm nay', overdue: false };
  return { text: -days > 90 ? 'đã hết hạn' : `quá hạn ${-days} ngày`, overdue: true };
}

export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${ref.current?.textContent ?? ''} · Báo cáo CCHC`;
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** The province's review actions on a report, in order: who, when, the decision, the comment, the version. */
import { useEffect, useState } from 'preact/hooks';
import type { FormDef } from '../../../shared/forms/model.ts';
import { periodTexts } from '../editor/texts.ts';
import { get, reportPath } from '../lib/api.ts';
import { fetchForm } from '../lib/form-context.ts';
import { ACTION_LABEL, actorText, reviewLabel, type ReviewActionInfo } from '../lib/review.ts';
import { timeVi } from '../lib/ui.tsx';
import { fieldLabel } from './ReviewNotice.tsx';

export function ReviewHistory({ unit, period, reviews }: { unit: string; period: string; reviews: readonly ReviewActionInfo[] }) {
  const [form, setForm] = useState<FormDef | null>();
  const needsForm = reviews.some((r) => r.comments.length > 0);
  useEffect(() => {
    if (!needsForm) return;
    const ac = new AbortController();
    // Comments at fields are named with the form's words, never their JSON paths.
    get<{ content?: { form?: { id: string; version: number } } }>(reportPath(unit, period), ac.signal)
      .then((l) => (l.content?.form ? fetchForm(l.content.form, ac.signal) : null))
      .then(setForm, () => setForm(null));
    return () => ac.abort();
  }, [unit, period, needsForm]);
  const text = periodTexts(period);
  const ordered = [...reviews].sort((a, b) => a.seq - b.seq);
  return (
    <section class="card" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Ý kiến của Sở Nội vụ</h2>
      {ordered.length === 0 ? (
        <p>Sở Nội vụ chưa có ý kiến nào về báo cáo này.</p>
      ) : (
        <table class="responsive" id="review-history">
          <caption class="sr-only">Các lần Sở Nội vụ chấp nhận, trả lại hoặc mở lại báo cáo, theo thứ tự thời gian</caption>
          <thead>
            <tr>
              <th scope="col">Lúc</th>
              <th scope="col">Ý kiến</th>
              <th scope="col">Phiên bản</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Nhận xét</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((r) => (
              <tr key={r.seq}>
                <td data-label="Lúc">{timeVi(r.at)}</td>
                <td data-label="Ý kiến">
                  {ACTION_LABEL[r.action]}
                  <span class="muted"> (thành “{reviewLabel(r.to).toLowerCase()}”)</span>
                </td>
                <td data-label="Phiên bản">{r.version}</td>
                <td data-label="Người thực hiện">{actorText(r.by)}</td>
                <td data-label="Nhận xét">
                  {r.comment ? (r.action === 'reopen' ? `Lý do: ${r.comment}` : r.comment) : r.comments.length ? '' : '—'}
                  {r.comments.length > 0 && (
                    <ul class="plain">
                      {r.comments.map((c, i) => (
                        <li key={i}>
                          {form === undefined ? 'Một mục của báo cáo' : fieldLabel(form, c.path, text)}: {c.text}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

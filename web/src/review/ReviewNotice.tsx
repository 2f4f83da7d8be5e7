/**
 * The province's last review action as the unit (in the editor) and staff (in the
 * read-only view) read it: a return's comment and its comments at fields (each a link
 * that focuses the field), an acceptance (the report is locked), a reopening's reason.
 */
import type { FormDef } from '../../../shared/forms/model.ts';
import { labelFor } from '../editor/labels.ts';
import { focusPath } from '../editor/focus.ts';
import { fieldId, parseKey } from '../editor/paths.ts';
import { actorText, type FieldComment, type ReviewSummary } from '../lib/review.ts';
import { timeVi } from '../lib/ui.tsx';

/** The comments at a path (and below it, for `deep`), matched as the API's error details are. */
export function commentsAt(comments: readonly FieldComment[], key: string, deep: boolean): FieldComment[] {
  return comments.filter((c) => c.path === key || (deep && (c.path.startsWith(`${key}.`) || c.path.startsWith(`${key}[`))));
}

/** The comments at fields of a return still waiting for the unit, or none. */
export const openComments = (review: ReviewSummary | undefined): FieldComment[] =>
  review?.state === 'returned' && review.last?.action === 'return' ? review.last.comments : [];

/** "II. KẾT QUẢ › Số đơn vị được kiểm tra": a comment's field in words, never its JSON path. */
export function fieldLabel(form: FormDef | null | undefined, path: string, text: (s: string) => string): string {
  const segs = parseKey(path);
  return form ? labelFor(form, segs, text) : 'Một mục của báo cáo';
}

export function FieldCommentList({
  comments,
  form,
  text,
}: {
  comments: readonly FieldComment[];
  form: FormDef | null | undefined;
  text: (s: string) => string;
}) {
  if (!comments.length) return null;
  return (
    <>
      <p>Góp ý tại từng mục (bấm vào tên mục để đến đúng chỗ cần sửa):</p>
      <ul>
        {comments.map((c, i) => (
          <li key={i}>
            <a
              href={`#${fieldId(parseKey(c.path))}`}
              onClick={(e) => {
                e.preventDefault();
                focusPath(c.path);
              }}
            >
              {fieldLabel(form, c.path, text)}
            </a>
            : {c.text}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ReviewNotice({
  review,
  form,
  text,
  audience,
  latestVersion,
}: {
  review: ReviewSummary | undefined;
  /** The report's latest version: a reopening is news only until the unit sends a new one. */
  latestVersion?: number | undefined;
  form: FormDef | null | undefined;
  text: (s: string) => string;
  audience: 'unit' | 'province';
}) {
  const last = review?.last;
  if (!review || !last) return null;
  if (review.state === 'returned' && last.action === 'return')
    return (
      <div class="alert alert-warning" id="review-returned" tabIndex={-1}>
        <p class="alert-title">
          Sở Nội vụ đã trả lại phiên bản {last.version} lúc {timeVi(last.at)}
          {audience === 'unit' ? ', đề nghị đơn vị sửa rồi gửi lại.' : '; đang chờ đơn vị sửa và gửi lại.'}
        </p>
        {last.comment && (
          <p>
            <strong>Nhận xét:</strong> {last.comment}
          </p>
        )}
        <FieldCommentList comments={last.comments} form={form} text={text} />
        {audience === 'unit' && <p>Sau khi sửa, bấm “Gửi báo cáo”: báo cáo sẽ trở lại trạng thái chờ duyệt.</p>}
        <p class="muted">Người trả lại: {actorText(last.by)}.</p>
      </div>
    );
  if (review.state === 'accepted')
    return (
      <div class="alert alert-success" id="review-accepted" tabIndex={-1}>
        <p class="alert-title">
          Sở Nội vụ đã duyệt phiên bản {last.version} lúc {timeVi(last.at)}. Báo cáo đã khóa
          {audience === 'unit' ? ' nên không sửa được trên trang' : ''}.
        </p>
        {last.comment && (
          <p>
            <strong>Nhận xét:</strong> {last.comment}
          </p>
        )}
        {audience === 'unit' && <p>Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.</p>}
      </div>
    );
  if (last.action === 'reopen' && (latestVersion === undefined || last.version === latestVersion))
    return (
      <div class="alert alert-info" id="review-reopened">
        <p class="alert-title">
          Sở Nội vụ đã mở lại báo cáo lúc {timeVi(last.at)}
          {audience === 'unit' ? '; đơn vị có thể sửa và gửi lại.' : '; đang chờ duyệt lại.'}
        </p>
        {last.comment && (
          <p>
            <strong>Lý do:</strong> {last.comment}
          </p>
        )}
      </div>
    );
  return null;
}

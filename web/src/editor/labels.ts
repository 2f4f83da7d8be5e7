/** Human words for a path in a report body, from the form: "II. KẾT QUẢ › Đoạn văn 2". */
import type { FormDef, SectionDef } from '../../../shared/forms/model.ts';
import { headingNumber } from './numbering.ts';

const FIXED: Record<string, string> = {
  header: 'Thông tin văn bản',
  number: 'Số văn bản',
  symbol: 'Ký hiệu',
  date: 'Ngày',
  day: 'Ngày ký',
  month: 'Tháng',
  year: 'Năm',
  recipients: 'Kính gửi',
  legalBasis: 'Căn cứ',
  introduction: 'Đoạn mở đầu',
  closing: 'Câu kết',
  distribution: 'Nơi nhận',
  signature: 'Người ký',
  lines: 'Dòng thẩm quyền',
  title: 'Chức vụ / tên',
  name: 'Họ và tên',
  prefix: 'Viết tắt',
  text: 'Nội dung',
  kind: 'Loại văn bản',
  issuer: 'Cơ quan ban hành',
  subject: 'Trích yếu',
  lead: 'Lời dẫn',
  paragraphs: 'Đoạn văn',
  documents: 'Văn bản',
  events: 'Sự kiện',
  items: 'Mục',
  footnote: 'Chú thích',
  description: 'Nội dung',
  value: 'Số liệu',
  qualifier: 'Ghi chú',
  breakdown: 'Chi tiết',
  levels: 'Cấp',
  key: 'Loại',
  unit: 'Mã đơn vị',
  form: 'Biểu mẫu',
};

function findSection(outline: SectionDef[], id: string, text: (s: string) => string, parent = ''): string | undefined {
  for (let i = 0; i < outline.length; i++) {
    const s = outline[i]!;
    const { printed, number } = headingNumber(s.numbering, i, parent);
    if (s.id === id) return `${printed ? `${printed} ` : ''}${text(s.title)}`;
    const deeper = findSection(s.children, id, text, number);
    if (deeper) return deeper;
  }
  return undefined;
}

export function labelFor(form: FormDef, path: readonly (string | number)[], text: (s: string) => string = (s) => s): string {
  if (path.length === 0) return 'Toàn bộ báo cáo';
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const prev = path[i - 1];
    if (prev === 'sections' && typeof seg === 'string') parts.push(findSection(form.outline, seg, text) ?? seg);
    else if (prev === 'values' && typeof seg === 'string') parts.push(form.indicators.find((d) => d.code === seg)?.label ?? seg);
    else if (prev === 'levels' && typeof seg === 'string') {
      const lv = form.indicators
        .flatMap((d) => d.breakdowns)
        .flatMap((b) => (b.kind === 'level' ? b.levels : []))
        .find((l) => l.key === seg);
      parts[parts.length - 1] = lv?.label ?? seg;
    } else if (typeof seg === 'number') {
      if (typeof prev === 'number') parts.push(`phần ${seg + 1}`);
      else parts[parts.length - 1] = `${parts[parts.length - 1] ?? 'Mục'} ${seg + 1}`;
    } else if (seg === 'sections' || seg === 'values') continue;
    else if (seg === 'value' && (path[i - 2] === 'values' || path[i - 2] === 'levels'))
      continue; // a cell's own value: its label says it
    else parts.push(FIXED[seg] ?? seg);
  }
  return parts.join(' › ');
}

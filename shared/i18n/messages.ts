/**
 * Every message a user can read, keyed by a stable machine code, in Vietnamese
 * (default) and English. Zod's own messages come from its vi/en locales.
 */
export type Lang = 'vi' | 'en';

type Params = Record<string, string | number>;
type Template = string | ((p: Params) => string);

const MESSAGES: Record<string, { vi: Template; en: Template }> = {
  VALIDATION_FAILED: { vi: 'Báo cáo không hợp lệ: có lỗi cần sửa trước khi gửi.', en: 'The report is not valid: fix the errors listed.' },
  MALFORMED_JSON: { vi: 'Nội dung gửi lên không phải JSON hợp lệ.', en: 'The request body is not valid JSON.' },
  INVALID_UTF8: { vi: 'Nội dung gửi lên không phải văn bản UTF-8 hợp lệ.', en: 'The request body is not valid UTF-8.' },
  DUPLICATE_KEY: { vi: (p) => `Trường "${p.key}" xuất hiện nhiều lần.`, en: (p) => `The field "${p.key}" appears more than once.` },
  UNSUPPORTED_MEDIA_TYPE: {
    vi: 'Chỉ nhận nội dung JSON (Content-Type: application/json).',
    en: 'Only JSON bodies are accepted (Content-Type: application/json).',
  },
  PAYLOAD_TOO_LARGE: {
    vi: (p) => `Nội dung gửi lên vượt quá ${p.limit} byte.`,
    en: (p) => `The request body is larger than ${p.limit} bytes.`,
  },
  REPORT_TOO_LARGE: {
    vi: (p) => `Báo cáo quá lớn để lưu: ${p.size} byte khi lưu (kể cả các cảnh báo), tối đa ${p.limit} byte. Hãy rút gọn nội dung.`,
    en: (p) => `The report is too large to store: ${p.size} bytes as stored (warnings included), at most ${p.limit}. Shorten it.`,
  },
  TOO_MANY_VERSIONS: {
    vi: (p) =>
      `Báo cáo kỳ này đã có ${p.max} phiên bản, là số tối đa; không lưu thêm phiên bản mới. Cần sửa tiếp, đề nghị Sở Nội vụ hỗ trợ.`,
    en: (p) => `This report already has ${p.max} versions, the most allowed; no further version is stored.`,
  },
  WRITE_QUOTA_EXCEEDED: {
    vi: (p) =>
      `Bạn đã gửi quá nhiều báo cáo trong thời gian ngắn (tối đa ${p.burst} lần liên tiếp, sau đó ${p.perMinute} lần mỗi phút). Vui lòng thử lại sau ${p.retryAfter} giây.`,
    en: (p) => `Too many submissions (at most ${p.burst} at once, then ${p.perMinute} a minute). Retry in ${p.retryAfter} s.`,
  },
  INVALID_PAGE: {
    vi: (p) => `Phân trang sai: limit từ 1 đến ${p.max}; cursor lấy từ nextCursor.`,
    en: (p) => `Bad paging: limit 1 to ${p.max}; cursor from nextCursor.`,
  },
  UNAUTHENTICATED: {
    vi: 'Cần đăng nhập: thiếu hoặc sai mã xác thực (Bearer token).',
    en: 'Authentication required: missing or invalid bearer token.',
  },
  FORBIDDEN: {
    vi: 'Bạn không có quyền thực hiện thao tác này với đơn vị hoặc tỉnh này.',
    en: 'You may not do this for this unit or province.',
  },
  NOT_FOUND: { vi: 'Không tìm thấy.', en: 'Not found.' },
  ROUTE_NOT_FOUND: { vi: 'Không có địa chỉ (API) này.', en: 'No such API route.' },
  METHOD_NOT_ALLOWED: { vi: 'Phương thức không được hỗ trợ tại địa chỉ này.', en: 'Method not allowed on this route.' },
  UNKNOWN_UNIT: { vi: (p) => `Không có đơn vị mã "${p.unit}" trong danh mục.`, en: (p) => `There is no unit "${p.unit}" in the registry.` },
  UNKNOWN_PROVINCE: {
    vi: (p) => `Không có tỉnh mã "${p.province}" trong danh mục.`,
    en: (p) => `There is no province "${p.province}" in the registry.`,
  },
  UNKNOWN_PERIOD: {
    vi: (p) => `Kỳ báo cáo "${p.period}" không tồn tại (dạng đúng: 2021-Q1, 2021-H1, 2021-Q3, 2021-9M, 2021-Y).`,
    en: (p) => `The period "${p.period}" does not exist (use 2021-Q1, 2021-H1, 2021-Q3, 2021-9M, 2021-Y).`,
  },
  UNIT_NOT_IN_FORCE: {
    vi: (p) =>
      `Đơn vị mã ${p.unit} không tồn tại trong kỳ ${p.period}: ${p.name} chỉ có hiệu lực từ ${p.from} đến ${p.to} (sắp xếp đơn vị hành chính).`,
    en: (p) =>
      `Unit ${p.unit} does not exist in period ${p.period}: ${p.name} was in force from ${p.from} to ${p.to} (administrative reorganisation).`,
  },
  /** For comparisons across a reorganisation (Registry.sameReportingUnits is false). */
  NOT_COMPARABLE_REORGANISED: {
    vi: 'không so sánh được (sắp xếp đơn vị hành chính)',
    en: 'not comparable (administrative units reorganised)',
  },
  REGISTRY_NOT_LOADED: {
    vi: 'Chưa nạp danh mục đơn vị: quản trị viên chạy "npm run registry -- --seed" (hoặc --file).',
    en: 'The unit registry has not been loaded: an administrator runs "npm run registry -- --seed" (or --file).',
  },
  INVALID_DATE_PARAM: {
    vi: (p) => `Tham số ${p.name} phải là ngày dạng YYYY-MM-DD.`,
    en: (p) => `The ${p.name} parameter must be a date (YYYY-MM-DD).`,
  },
  PROVINCE_REQUIRED: {
    vi: 'Cần tham số province (mã tỉnh), ví dụ ?province=82.',
    en: 'The province parameter is required, e.g. ?province=82.',
  },
  UNIT_NOT_REPORTING: {
    vi: (p) => `Đơn vị ${p.unit} không thuộc diện báo cáo kỳ ${p.period}.`,
    en: (p) => `Unit ${p.unit} does not report for period ${p.period}.`,
  },
  REPORT_NOT_FOUND: { vi: 'Đơn vị chưa gửi báo cáo kỳ này.', en: 'No report has been submitted for this unit and period.' },
  VERSION_NOT_FOUND: {
    vi: (p) => `Không có phiên bản ${p.version} của báo cáo.`,
    en: (p) => `There is no version ${p.version} of this report.`,
  },
  INVALID_VERSION: { vi: 'Tham số version phải là số nguyên dương.', en: 'The version parameter must be a positive integer.' },
  PRECONDITION_REQUIRED: {
    vi: (p) => `Báo cáo đã có phiên bản ${p.current}. Để sửa đổi, gửi kèm tiêu đề If-Match: "${p.current}".`,
    en: (p) => `The report already has version ${p.current}. To amend it, send If-Match: "${p.current}".`,
  },
  PRECONDITION_FAILED: {
    vi: (p) => `Báo cáo đã được cập nhật (phiên bản hiện tại ${p.current}); hãy tải lại bản mới nhất rồi sửa tiếp.`,
    en: (p) => `The report has changed (current version ${p.current}); reload the latest version and amend that.`,
  },
  INVALID_IF_MATCH: {
    vi: 'Tiêu đề If-Match phải có dạng "số phiên bản", ví dụ "2".',
    en: 'If-Match must be a quoted version number, e.g. "2".',
  },
  DOCUMENT_PENDING: {
    vi: 'Văn bản đang được tạo, vui lòng thử lại sau ít phút.',
    en: 'The document is still being generated; try again in a few minutes.',
  },
  DOCUMENT_FAILED: {
    vi: 'Chưa tạo được văn bản; hệ thống sẽ tự thử lại.',
    en: 'The document could not be generated yet; it will be retried automatically.',
  },
  ROLLUP_NOT_FOUND: { vi: 'Chưa có báo cáo tổng hợp cho kỳ này.', en: 'There is no rollup for this period yet.' },
  SERVICE_UNAVAILABLE: { vi: 'Hệ thống đang bận, vui lòng thử lại sau.', en: 'The service is busy; try again shortly.' },
  INTERNAL: { vi: 'Đã có lỗi hệ thống; lỗi đã được ghi lại.', en: 'Internal error; it has been logged.' },
  // Review and locking
  REVIEWER_ONLY: {
    vi: 'Chỉ cán bộ Sở Nội vụ của tỉnh quản lý đơn vị mới được duyệt, trả lại hoặc mở lại báo cáo.',
    en: "Only staff of the unit's province may accept, return or reopen a report.",
  },
  ALREADY_ACCEPTED: { vi: (p) => `Phiên bản ${p.version} đã được duyệt.`, en: (p) => `Version ${p.version} has already been accepted.` },
  ACCEPTED_REOPEN_FIRST: {
    vi: (p) => `Phiên bản ${p.version} đã được duyệt; muốn trả lại thì mở lại báo cáo trước (kèm lý do).`,
    en: (p) => `Version ${p.version} has been accepted; reopen the report (with a reason) before returning it.`,
  },
  ALREADY_RETURNED: {
    vi: (p) => `Phiên bản ${p.version} đã bị trả lại; đang chờ đơn vị sửa và gửi lại.`,
    en: (p) => `Version ${p.version} has been returned; waiting for the unit to amend it.`,
  },
  NOT_ACCEPTED: {
    vi: 'Chỉ mở lại được báo cáo đã duyệt; báo cáo này chưa được duyệt.',
    en: 'Only an accepted report can be reopened; this one is not accepted.',
  },
  COMMENT_REQUIRED: {
    vi: 'Trả lại báo cáo cần có nhận xét (comment) hoặc ít nhất một nhận xét tại trường dữ liệu (comments).',
    en: 'Returning a report needs a comment, or at least one comment at a field (comments).',
  },
  NO_SUCH_FIELD: {
    vi: (p) => `Báo cáo phiên bản ${p.version} không có trường ${p.path}.`,
    en: (p) => `Version ${p.version} of the report has no field ${p.path}.`,
  },
  REPORT_LOCKED: {
    vi: (p) =>
      `Báo cáo đã được Sở Nội vụ duyệt (phiên bản ${p.version}) nên không sửa được. Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.`,
    en: (p) => `The report has been accepted (version ${p.version}) and is locked. Ask the province to reopen it to amend it.`,
  },
  REPORT_CLOSED: {
    vi: (p) =>
      `Đã hết thời hạn sửa báo cáo (hạn nộp ${p.deadline}, được sửa đến hết ngày ${p.lockDate}). Nếu cần sửa, đề nghị Sở Nội vụ mở lại báo cáo.`,
    en: (p) =>
      `The report can no longer be amended (deadline ${p.deadline}, amendments until ${p.lockDate}). Ask the province to reopen it.`,
  },
  // Report checks (errors)
  PART_EXCEEDS_WHOLE: {
    vi: (p) => `Số liệu thành phần (${p.part}) lớn hơn tổng (${p.whole}).`,
    en: (p) => `A part (${p.part}) is larger than its whole (${p.whole}).`,
  },
  SUM_EXCEEDS_TOTAL: {
    vi: (p) => `Tổng các số liệu chi tiết (${p.sum}) lớn hơn tổng số (${p.total}).`,
    en: (p) => `The breakdown adds up to ${p.sum}, more than the total ${p.total}.`,
  },
  DUPLICATE_LEVEL: { vi: (p) => `Cấp "${p.level}" được khai báo nhiều lần.`, en: (p) => `Level "${p.level}" is given more than once.` },
  REQUIRED: { vi: 'Thiếu trường bắt buộc.', en: 'This field is required.' },
  INVALID_DATE: { vi: 'Ngày không hợp lệ (dạng YYYY-MM-DD).', en: 'Invalid date (use YYYY-MM-DD).' },
  INVALID_UTF8_TEXT: { vi: 'Văn bản chứa ký tự không hợp lệ (không phải UTF-8).', en: 'Text contains invalid (non-UTF-8) characters.' },
  CONTROL_CHARACTER: { vi: 'Văn bản chứa ký tự điều khiển không được phép.', en: 'Text contains a control character.' },
  HEADER_DATE_INVALID: { vi: 'Ngày của báo cáo không tồn tại.', en: 'The report date does not exist.' },
  // Warnings
  DOC_DATED_AFTER_REPORT: {
    vi: (p) => `Văn bản ${p.number} ghi ngày ${p.date}, sau ngày báo cáo (${p.reportDate}); có thể nhầm năm.`,
    en: (p) => `Document ${p.number} is dated ${p.date}, after the report (${p.reportDate}); possibly a wrong year.`,
  },
  DUPLICATE_DOCUMENT: {
    vi: (p) => `Văn bản ${p.number} được nêu nhiều lần với thông tin khác nhau.`,
    en: (p) => `Document ${p.number} is listed more than once with different details.`,
  },
  MIXED_SCRIPT: {
    vi: (p) => `Từ "${p.word}" trộn chữ Latinh với chữ Kirin hoặc Hy Lạp trông giống hệt; hãy gõ lại từ này.`,
    en: (p) => `The word "${p.word}" mixes Latin with Cyrillic or Greek letters; retype it.`,
  },
  VALUE_OUTLIER: {
    vi: (p) => `${p.label ? `${p.label}: giá trị` : 'Giá trị'} ${p.value} khác xa kỳ trước của đơn vị (${p.previous}).`,
    en: (p) => `${p.label ? `${p.label}: the value` : 'The value'} ${p.value} is far from this unit's previous period (${p.previous}).`,
  },
  PERIOD_MISMATCH: {
    vi: (p) =>
      `Báo cáo ghi tháng ${p.reportDate}, nằm ngoài thời gian lập báo cáo ${p.period}${p.from ? ` (từ tháng ${p.from} đến tháng ${p.to})` : ''}.`,
    en: (p) =>
      `The report is dated ${p.reportDate}, outside the time a report for ${p.period} is written${p.from ? ` (${p.from} to ${p.to})` : ''}.`,
  },
  FACT_MISMATCH: {
    vi: (p) =>
      `"${p.given}" không khớp với thông tin hệ thống đã biết cho đơn vị và kỳ báo cáo này ("${p.expected}"); có thể gửi nhầm đơn vị hoặc kỳ. Có thể bỏ trống trường này.`,
    en: (p) =>
      `"${p.given}" contradicts what the service knows for this unit and period ("${p.expected}"); possibly the wrong unit or period. The field may be left out.`,
  },
  SECTION_REQUIRED: {
    vi: (p) => `Mục "${p.title}" là bắt buộc nhưng chưa có nội dung.`,
    en: (p) => `The section "${p.title}" is required but empty.`,
  },
  RULE_REQUIRED: { vi: (p) => `Chưa nhập chỉ tiêu bắt buộc "${p.label}".`, en: (p) => `The required indicator "${p.label}" has no value.` },
  RULE_RANGE: {
    vi: (p) => `${p.label}: giá trị ${p.value} nằm ngoài khoảng cho phép (${p.min} đến ${p.max}).`,
    en: (p) => `${p.label}: the value ${p.value} is outside ${p.min} to ${p.max}.`,
  },
  RULE_PART_OF_WHOLE: {
    vi: (p) => `${p.level ? `${p.level}: ` : ''}tổng ${p.parts} (${p.sum}) lớn hơn ${p.whole} (${p.total}).`,
    en: (p) => `${p.level ? `${p.level}: ` : ''}${p.parts} add up to ${p.sum}, more than ${p.whole} (${p.total}).`,
  },
  RULE_RATIO: {
    vi: (p) => `${p.label}: ${p.value}% không khớp với ${p.numerator}/${p.denominator} = ${p.expected}%.`,
    en: (p) => `${p.label}: ${p.value}% does not match ${p.numerator}/${p.denominator} = ${p.expected}%.`,
  },
  LEVEL_NOT_FOR_TIER: {
    vi: (p) => `${p.label}: đơn vị không có số liệu "${p.level}" (bỏ trống, không ghi 0).`,
    en: (p) => `${p.label}: this unit has no "${p.level}" level (leave it out rather than 0).`,
  },
  SUBUNIT_NOT_UNDER_UNIT: {
    vi: (p) => `Đơn vị mã ${p.code} không trực thuộc ${p.unit} trong danh mục đơn vị.`,
    en: (p) => `Unit ${p.code} is not under ${p.unit} in the registry.`,
  },
  SUBUNIT_NAME_MISMATCH: {
    vi: (p) => `Tên "${p.name}" khác tên trong danh mục ("${p.expected}").`,
    en: (p) => `The name "${p.name}" differs from the registry's ("${p.expected}").`,
  },
  SUBUNIT_UNKNOWN_NAME: {
    vi: (p) => `Không tìm thấy "${p.name}" trong các đơn vị trực thuộc ${p.unit}; kiểm tra lại tên.`,
    en: (p) => `"${p.name}" matches none of the units under ${p.unit}; check the name.`,
  },
  SUBUNITS_NOT_LISTED: {
    vi: (p) => `Danh mục chưa có đơn vị trực thuộc ${p.unit}; chưa đối chiếu được các dòng theo đơn vị.`,
    en: (p) => `The registry lists no units under ${p.unit}; the rows by unit could not be checked.`,
  },
  // Forms
  NO_FORM: {
    vi: (p) => `Chưa có biểu mẫu báo cáo áp dụng cho đơn vị ${p.unit} kỳ ${p.period}.`,
    en: (p) => `No report form applies to unit ${p.unit} for period ${p.period}.`,
  },
  FORM_AMBIGUOUS: {
    vi: (p) => `Có nhiều biểu mẫu cùng áp dụng cho đơn vị ${p.unit} kỳ ${p.period} (${p.forms}); cần điều chỉnh phạm vi áp dụng.`,
    en: (p) => `Several forms apply to unit ${p.unit} for period ${p.period} (${p.forms}); their applicability must be fixed.`,
  },
  FORM_NOT_APPLICABLE: {
    vi: (p) => `Biểu mẫu ${p.form} không áp dụng cho đơn vị và kỳ báo cáo này; biểu mẫu áp dụng là ${p.expected}.`,
    en: (p) => `The form ${p.form} does not apply to this unit and period; the applicable form is ${p.expected}.`,
  },
  UNKNOWN_FORM_REF: {
    vi: (p) => `Không có biểu mẫu ${p.form}; biểu mẫu áp dụng cho đơn vị và kỳ này là ${p.expected}.`,
    en: (p) => `There is no form ${p.form}; the form for this unit and period is ${p.expected}.`,
  },
  UNKNOWN_FORM: { vi: (p) => `Không có biểu mẫu "${p.form}".`, en: (p) => `There is no form "${p.form}".` },
  UNKNOWN_FORM_VERSION: {
    vi: (p) => `Biểu mẫu "${p.form}" không có phiên bản ${p.version}.`,
    en: (p) => `The form "${p.form}" has no version ${p.version}.`,
  },
  FORM_INVALID: { vi: 'Tệp biểu mẫu không hợp lệ: có lỗi cần sửa.', en: 'The form file is not valid: fix the problems listed.' },
  FORM_VERSION_EXISTS: {
    vi: (p) => `Biểu mẫu ${p.form} phiên bản ${p.version} đã có với nội dung khác; không sửa biểu mẫu đã ban hành, hãy tạo phiên bản mới.`,
    en: (p) => `Form ${p.form} version ${p.version} exists with other content; issued forms never change: add a new version.`,
  },
  FORM_VERSION_GAP: {
    vi: (p) => `Biểu mẫu ${p.form}: phiên bản tiếp theo phải là ${p.next} (không phải ${p.version}).`,
    en: (p) => `Form ${p.form}: the next version must be ${p.next} (not ${p.version}).`,
  },
  FORM_DUPLICATE: { vi: (p) => `Trùng mã ${p.what} "${p.key}".`, en: (p) => `Duplicate ${p.what} "${p.key}".` },
  FORM_UNKNOWN_INDICATOR: {
    vi: (p) => `Chỉ tiêu "${p.indicator}" không có trong biểu mẫu.`,
    en: (p) => `The indicator "${p.indicator}" is not in the form.`,
  },
  FORM_UNKNOWN_LIST: { vi: (p) => `Danh mục "${p.list}" không có trong biểu mẫu.`, en: (p) => `The list "${p.list}" is not in the form.` },
  FORM_UNKNOWN_BREAKDOWN: {
    vi: (p) => `Chỉ tiêu "${p.indicator}" không có cách phân tổ "${p.breakdown}".`,
    en: (p) => `The indicator "${p.indicator}" has no breakdown "${p.breakdown}".`,
  },
  FORM_CHOICE_WITHOUT_LIST: {
    vi: (p) => `Chỉ tiêu lựa chọn "${p.indicator}" phải có danh mục (list).`,
    en: (p) => `The choice indicator "${p.indicator}" needs a list.`,
  },
  FORM_BREAKDOWN_MISUSE: {
    vi: (p) =>
      `Phân tổ của chỉ tiêu "${p.indicator}" không hợp lệ: ${
        p.reason === 'type'
          ? 'chỉ chỉ tiêu dạng số mới được phân tổ'
          : p.reason === 'level_first'
            ? 'phân tổ theo cấp phải đứng đầu và chỉ có một'
            : 'nêu cấp không có trong phân tổ theo cấp'
      }.`,
    en: (p) =>
      `The breakdown of "${p.indicator}" is misused: ${
        p.reason === 'type'
          ? 'only numeric indicators have breakdowns'
          : p.reason === 'level_first'
            ? 'one level breakdown, first'
            : 'it names a level the indicator lacks'
      }.`,
  },
  FORM_AGGREGATE_MISUSE: {
    vi: (p) => `Cách tổng hợp của chỉ tiêu "${p.indicator}" không phù hợp với kiểu dữ liệu.`,
    en: (p) => `The aggregation of "${p.indicator}" does not suit its type.`,
  },
  FORM_RULE_MISUSE: {
    vi: (p) => `Quy tắc "${p.rule}" không áp dụng được cho chỉ tiêu này.`,
    en: (p) => `The rule "${p.rule}" does not suit its indicator.`,
  },
  FORM_CYCLE: {
    vi: (p) => `Các chỉ tiêu tham chiếu vòng tròn qua quy tắc tỷ lệ/thành phần: ${p.cycle}.`,
    en: (p) => `Indicators refer to each other in a loop through ratio/part rules: ${p.cycle}.`,
  },
  FORM_EMPTY_OUTLINE: {
    vi: 'Đề cương không có mục nào để nhập nội dung hoặc chỉ tiêu.',
    en: 'The outline has no section that holds content or indicators.',
  },
};

/** Echoed input is cut to this many characters (a 250 KB field name made a 500 KB error). */
export const MAX_ECHO = 100;

/** Input echoed back, cut to MAX_ECHO characters with an ellipsis. */
export const clip = (s: string, max = MAX_ECHO): string => (s.length > max ? `${s.slice(0, max)}…` : s);

export function message(code: string, lang: Lang, params: Params = {}): string {
  const entry = MESSAGES[code];
  if (!entry) return code;
  const t = entry[lang];
  if (typeof t !== 'function') return t;
  return t(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? clip(v, 300) : v])));
}

/** Picks vi unless the caller asks for English first. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return 'vi';
  const first = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag === 'en' || x.tag.startsWith('en-') || x.tag === 'vi' || x.tag.startsWith('vi-'))
    .sort((a, b) => b.q - a.q)[0];
  return first && first.tag.startsWith('en') ? 'en' : 'vi';
}

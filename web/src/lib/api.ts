/**
 * The API client: same origin (locally the same server, in AWS CloudFront routes /v1/*
 * to the HTTP API), bearer token from the session, and every failure turned into an
 * ApiError whose `advice` tells the official what to do next, in plain Vietnamese.
 */
import { currentToken, onUnauthenticated } from './auth.ts';

export interface Detail {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly advice: string,
    readonly details: Detail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to do after each kind of failure; the server's message says what went wrong. */
function adviceFor(status: number, code: string): string {
  if (status === 0) return 'Kiểm tra kết nối mạng rồi thử lại. Nội dung đang nhập vẫn được giữ trên máy này.';
  if (status === 400 || status === 422) return 'Sửa các mục được đánh dấu rồi gửi lại.';
  if (status === 401) return 'Phiên đăng nhập đã hết. Hãy đăng nhập lại; bản nháp vẫn được giữ.';
  if (status === 403) return 'Tài khoản của bạn không có quyền với mục này. Nếu cần, hãy liên hệ quản trị viên của Sở Nội vụ.';
  if (status === 404) return code === 'ROUTE_NOT_FOUND' ? 'Chức năng này chưa có trên máy chủ.' : 'Chưa có dữ liệu cho mục này.';
  if (code === 'REPORT_LOCKED' || code === 'REPORT_CLOSED')
    return 'Nội dung bạn đang nhập vẫn được giữ trong bản nháp trên máy này. Hãy liên hệ Sở Nội vụ để đề nghị mở lại báo cáo.';
  if (code === 'ALREADY_ACCEPTED' || code === 'ALREADY_RETURNED' || code === 'ACCEPTED_REOPEN_FIRST' || code === 'NOT_ACCEPTED')
    return 'Có thể người khác vừa xử lý báo cáo này. Hãy tải lại trang để xem tình trạng mới nhất.';
  if (status === 409) return 'Văn bản đang được tạo. Vui lòng thử lại sau ít giây.';
  if (status === 412 || status === 428) return 'Đã có người lưu phiên bản mới hơn. Hãy xem phiên bản đó trước khi gửi.';
  if (status === 413) return 'Nội dung quá lớn. Hãy rút gọn bớt rồi gửi lại.';
  if (status === 429 || status === 503) return 'Máy chủ đang bận. Vui lòng thử lại sau ít phút.';
  return 'Máy chủ gặp sự cố. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo bộ phận kỹ thuật kèm mã yêu cầu.';
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T>(
  method: string,
  path: string,
  o: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; auth?: boolean } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'vi', ...(o.headers ?? {}) };
  if (o.auth !== false) {
    const token = await currentToken();
    if (token) headers.authorization = `Bearer ${token}`;
  }
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'Không kết nối được với máy chủ.', adviceFor(0, 'NETWORK'));
  }
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return { status: res.status, body: body as T, headers: res.headers };
  const err = body?.error;
  const code = typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`;
  const message = typeof err?.message === 'string' ? err.message : `Máy chủ trả lời lỗi ${res.status}.`;
  if (res.status === 401 && o.auth !== false) onUnauthenticated();
  throw new ApiError(
    res.status,
    code,
    message,
    adviceFor(res.status, code),
    Array.isArray(err?.details) ? err.details : [],
    err?.requestId,
  );
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, signal ? { signal } : {}).then((r) => r.body);

/** Report paths, percent-encoded like any other URL segment. */
export const reportPath = (unit: string, period: string) => `/v1/units/${encodeURIComponent(unit)}/reports/${encodeURIComponent(period)}`;

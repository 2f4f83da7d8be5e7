/** Downloading a version's .docx: the API answers a short-lived link (409 while it is generated). */
import { ApiError, get, reportPath } from '../lib/api.ts';

export async function documentUrl(
  unit: string,
  period: string,
  version: number,
  onWait?: () => void,
): Promise<{ url: string; fileName: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await get<{ url: string; fileName: string }>(`${reportPath(unit, period)}/document?version=${version}`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409 || attempt >= 15) throw e;
      onWait?.();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function downloadDocument(unit: string, period: string, version: number, onWait?: () => void): Promise<void> {
  const { url, fileName } = await documentUrl(unit, period, version, onWait);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

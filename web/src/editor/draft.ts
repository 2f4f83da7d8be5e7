/**
 * Drafts in the browser's localStorage, one per unit and period: written on every
 * change, so a closed tab, a crash or a lost connection loses nothing. Cleared only
 * when the server has accepted that exact content.
 */
export interface Draft {
  body: unknown;
  /** The server version the draft was started from (null: no version existed). */
  baseVersion: number | null;
  savedAt: string;
}

const key = (unit: string, period: string) => `cchc:draft:${unit}:${period}`;

export function loadDraft(unit: string, period: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(key(unit, period));
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Draft;
    return d && typeof d === 'object' && 'body' in d ? d : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(unit: string, period: string, d: Draft): boolean {
  try {
    localStorage.setItem(key(unit, period), JSON.stringify(d));
    return true;
  } catch {
    return false; // storage full or disabled: the editor says so
  }
}

export function clearDraft(unit: string, period: string): void {
  localStorage.removeItem(key(unit, period));
}

/** Stable comparison of two bodies (key order ignored). */
export function sameContent(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as any)[k])]),
          )
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

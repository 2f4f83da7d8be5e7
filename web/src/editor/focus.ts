/** Moving the focus to the input of a JSON path (a summary's or a comment's link). */
import { fieldId, parseKey } from './paths.ts';

/** Focuses the input for a path, or the closest enclosing one that is on the page. */
export function focusPath(key: string): void {
  const segs = parseKey(key);
  for (let n = segs.length; n >= 0; n--) {
    const el = document.getElementById(fieldId(segs.slice(0, n)));
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus();
      return;
    }
  }
}

/** A key longer than this is cut in a path (a path echoes the caller's input). */
const MAX_KEY = 100;

/** "$.sections.difficulties.paragraphs[0]": JSON paths as error details print them; long keys cut with "…". */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && seg.length <= MAX_KEY && /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += `.${seg}`;
    else {
      const s = String(seg);
      out += `[${JSON.stringify(s.length > MAX_KEY ? `${s.slice(0, MAX_KEY)}…` : s)}]`;
    }
  }
  return out;
}

/**
 * Look-alike letters: a Cyrillic "о" or a Greek "ο" inside a Vietnamese word looks the
 * same on screen but is another word to search, sort and compare. A word that mixes
 * Latin letters with Cyrillic or Greek ones is flagged (a warning: such words are
 * almost always pasted by mistake, but the text stays the author's).
 */
import type { ReportBody } from '../forms/body.ts';
import type { Finding } from './finding.ts';
import { jsonPath } from './path.ts';

const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const OTHER = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** The first word of a text that mixes Latin with Cyrillic or Greek letters, if any. */
export function mixedScriptWord(s: string): string | undefined {
  if (!OTHER.test(s) || !LATIN.test(s)) return undefined;
  for (const [w] of s.matchAll(WORD)) if (LATIN.test(w) && OTHER.test(w)) return w;
  return undefined;
}

/** One MIXED_SCRIPT warning per text of the body that holds such a word. */
export function lookalikeWarnings(r: ReportBody): Finding[] {
  const out: Finding[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === 'string') {
      const word = mixedScriptWord(v);
      if (word) out.push({ path: jsonPath(path), code: 'MIXED_SCRIPT', params: { word: word.slice(0, 40) } });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(r, []);
  return out;
}

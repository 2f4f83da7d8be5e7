/**
 * Strict JSON parsing for request bodies: JSON.parse silently keeps the last of two
 * equal keys, which would let `{"total": 9, "total": 250}` through unreviewed, so
 * a linear scan refuses duplicate keys and absurd nesting before parsing.
 */
import { DomainError } from '../errors/errors.ts';

export const MAX_DEPTH = 64;

export function parseJsonStrict(text: string): unknown {
  scan(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('validation', 'MALFORMED_JSON');
  }
}

interface Frame {
  obj: boolean;
  keys: Set<string>;
  expectKey: boolean;
}

function scan(s: string): void {
  const stack: Frame[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) !== 0x22) j += s.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.obj && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(s.slice(i, j + 1)) as string;
        } catch {
          throw new DomainError('validation', 'MALFORMED_JSON');
        }
        if (top.keys.has(key)) throw new DomainError('validation', 'DUPLICATE_KEY', { key: key.slice(0, 100) });
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_DEPTH) throw new DomainError('validation', 'MALFORMED_JSON');
      stack.push({ obj: c === 0x7b, keys: new Set(), expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.obj) top.expectKey = true;
    }
  }
}

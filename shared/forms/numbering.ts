/**
 * Heading numbers as the documents print them, from a section's numbering style: the
 * report's .docx, the rollup's .docx and the web editor all number headings here.
 */
import type { Numbering } from './model.ts';

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** 1 → "I", 14 → "XIV"; below 1, the number itself. */
export function roman(n: number): string {
  if (!Number.isInteger(n) || n < 1) return String(n);
  let out = '';
  for (const [v, r] of ROMAN)
    while (n >= v) {
      out += r;
      n -= v;
    }
  return out;
}

/** 1 → "a", 26 → "z", 27 → "aa". */
export const alpha = (n: number): string =>
  n <= 26 ? String.fromCharCode(96 + n) : `${alpha(Math.floor((n - 1) / 26))}${alpha(((n - 1) % 26) + 1)}`;

/**
 * The n-th (from 1) heading's number as printed before its title ("II. ", "1. ", "1.1. ",
 * "a) ", "- "), and the number its children extend (`parent`: the enclosing heading's).
 */
export function headingNumber(style: Numbering, n: number, parent: string): { prefix: string; number: string } {
  switch (style) {
    case 'upper-roman':
      return { prefix: `${roman(n)}. `, number: roman(n) };
    case 'arabic':
      return { prefix: `${n}. `, number: String(n) };
    case 'decimal': {
      const number = /^\d+(\.\d+)*$/.test(parent) ? `${parent}.${n}` : String(n);
      return { prefix: `${number}. `, number };
    }
    case 'lower-alpha':
      return { prefix: `${alpha(n)}) `, number: alpha(n) };
    case 'dash':
      return { prefix: '- ', number: parent };
    case 'plus':
      return { prefix: '+ ', number: parent };
    case 'none':
      return { prefix: '', number: parent };
  }
}

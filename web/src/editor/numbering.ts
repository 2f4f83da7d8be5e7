/** Heading numbers as the document prints them (the rule is shared with the .docx builders). */
import type { Numbering } from '../../../shared/forms/model.ts';
import { headingNumber as documentNumber } from '../../../shared/forms/numbering.ts';

/**
 * The printed number of the heading at `index` (from 0): "I.", "1.", "1.2.", "a)", "-",
 * "+" or ""; and the number its children extend (pass it as their `parent`).
 */
export function headingNumber(numbering: Numbering, index: number, parent: string): { printed: string; number: string } {
  const { prefix, number } = documentNumber(numbering, index + 1, parent);
  return { printed: prefix.trimEnd(), number };
}

/** Heading numbers as the document prints them. */
import type { Numbering } from '../../../shared/forms/model.ts';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];

/** The printed number of a heading: "I.", "1.", "1.2.", "a)", "-", "+". */
export function headingNumber(numbering: Numbering, index: number, parent: string): string {
  switch (numbering) {
    case 'upper-roman':
      return `${ROMAN[index] ?? index + 1}.`;
    case 'arabic':
      return `${index + 1}.`;
    case 'decimal':
      return `${parent.replace(/\.$/, '')}.${index + 1}.`;
    case 'lower-alpha':
      return `${String.fromCharCode(97 + index)})`;
    case 'dash':
      return '-';
    case 'plus':
      return '+';
    default:
      return '';
  }
}

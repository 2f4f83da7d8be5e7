import { createHash } from 'node:crypto';
import type { ReportContent } from './schema.ts';

/**
 * The canonical form is the parsed report serialised in schema order (zod builds
 * its output from the schema's shape, so input key order and NFC/NFD do not matter).
 */
export const canonicalJson = (r: ReportContent): string => JSON.stringify(r);
export const contentHash = (r: ReportContent): string => createHash('sha256').update(canonicalJson(r)).digest('hex');

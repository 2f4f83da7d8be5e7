import { createHash } from 'node:crypto';
import type { ReportBody } from '../forms/body.ts';

/**
 * The canonical form is the parsed body serialised in schema order (zod builds its
 * output from the schema's shape, so input key order and NFC/NFD do not matter).
 */
export const canonicalJson = (r: ReportBody): string => JSON.stringify(r);
export const contentHash = (r: ReportBody): string => createHash('sha256').update(canonicalJson(r)).digest('hex');

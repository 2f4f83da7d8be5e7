/** Descriptions of routes added by later modules (the rollup endpoints). */
import type { z } from 'zod';

export const extraSchemas: Record<string, { summary: string; responses: Record<number, { description: string; schema?: z.ZodType }> }> = {};

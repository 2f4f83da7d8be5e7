// Placeholder until the rollup lands (issue 4).
import { handle, notFoundRoute } from '../lib/http.ts';

export const handler = handle(async (event) => notFoundRoute(event));

// Placeholder until the rollup lands (issue 4): the scheduled rollup does nothing yet.
export const handler = async (_event: unknown): Promise<unknown> => ({ provinces: [] });

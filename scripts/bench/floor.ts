/**
 * The floor bundle of the benchmark: a handler that holds only the DynamoDB (with the
 * document client) and S3 clients, configured as the functions configure them, and
 * nothing else. Built with the functions' esbuild options; its import time is what any
 * function of this service pays at least.
 */
import { documentClient, s3Client } from '../../shared/adapters/clients.ts';

export const handler = async (): Promise<unknown> => [documentClient(), s3Client()];

/**
 * Typed domain errors. Use cases throw these; one place (shared/http/respond.ts)
 * maps them to HTTP statuses and localised bodies.
 */
export interface ErrorDetail {
  /** JSON path of the offending value, e.g. "difficulties.lateDossiers[0].byField[0].count". */
  path: string;
  code: string;
  message: string;
}

export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_required'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'too_many_requests'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly details: ErrorDetail[] = [],
    /** Seconds, for 409, 429 and 503 answers. */
    readonly retryAfter?: number,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const validationError = (details: ErrorDetail[], code = 'VALIDATION_FAILED') => new DomainError('validation', code, {}, details);
export const notFound = (code: string, params: Record<string, string | number> = {}) => new DomainError('not_found', code, params);
export const forbidden = () => new DomainError('forbidden', 'FORBIDDEN');
export const unauthenticated = () => new DomainError('unauthenticated', 'UNAUTHENTICATED');

/** Raised by storage adapters when a conditional write loses a race. */
export class ConcurrentWriteError extends Error {
  /** Per item of a transaction, why it was cancelled ('None' for the items that were not the cause). */
  constructor(readonly reasons: string[] = []) {
    super('concurrent write');
    this.name = 'ConcurrentWriteError';
  }
}

/** Raised by storage adapters when the backing store throttles or is unreachable. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

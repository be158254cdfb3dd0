/**
 * The one error type. Each code has a fixed HTTP status; routes, CLI and jobs
 * throw AppError and the surfaces (API JSON, Open311, HTML page, CLI exit code)
 * map it in one place each.
 */
export const errorStatus = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  // Start-up and engine errors: never answered over HTTP as such.
  config_invalid: 500,
  engine_locked: 503,
  engine_failed: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldProblem {
  field: string;
  /** English, for the API and logs. */
  message: string;
  /** French, for pages (French first); pages fall back to the English message. */
  fr?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const invalidInput = (field: string, message: string, fr?: string) =>
  new AppError('invalid_input', `${field}: ${message}`, [{ field, message, ...(fr ? { fr } : {}) }]);

/** A problem in the page's language. */
export const problemText = (problem: FieldProblem, lang: 'fr' | 'en') =>
  lang === 'fr' && problem.fr ? problem.fr : problem.message;

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);

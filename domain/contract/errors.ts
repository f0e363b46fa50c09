/**
 * Errors that cross the contract: a stable code for the program, a Chinese message for the person,
 * and the form field it belongs to when there is one. Nothing else of an exception travels (no stack,
 * no token internals).
 */
export const ERROR_CODES = [
  'BAD_MESSAGE',
  'UNKNOWN_CHANNEL',
  'LOCKED',
  'KEY',
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'OFFLINE',
  'SERVER',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  field?: string;
  /** The key layer's own code (PIN_INCORRECT, PIN_LOCKED …) when code is KEY. */
  detail?: string;
}

export class ApiError extends Error implements ApiErrorShape {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly detail?: string,
  ) {
    super(message);
  }

  toJSON(): ApiErrorShape {
    const out: ApiErrorShape = { code: this.code, message: this.message };
    if (this.field !== undefined) out.field = this.field;
    if (this.detail !== undefined) out.detail = this.detail;
    return out;
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.field, shape.detail);
  }
}

/** A business or access error with the HTTP status, a stable code, and the Chinese message users see. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'BAD_REQUEST', message, field);
export const unauthorized = (message = '未登录或登录已过期，请插入 USB Key 重新登录', code = 'UNAUTHORIZED') => new HttpError(401, code, message);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);
export const notFound = (message: string) => new HttpError(404, 'NOT_FOUND', message);
export const conflict = (message: string, field?: string) => new HttpError(409, 'CONFLICT', message, field);
export const unprocessable = (message: string, field?: string) => new HttpError(422, 'RULE_VIOLATION', message, field);

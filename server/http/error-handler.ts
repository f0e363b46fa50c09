/**
 * One error shape for every status: `{ error: { code, message, field? } }`, the message in Chinese and
 * naming the field and the fix. The app's error handler, not-found handler and router (framework) errors
 * all answer through `sendError`; a database outage answers 503 with Retry-After, an input PostgreSQL
 * cannot take (an encoding or range error that slipped past the schemas) a 400, never a 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/** Seconds a client should wait before retrying while the database is down. */
export const OUTAGE_RETRY_AFTER_S = 10;

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, field?: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message, field));
}

/** Connection-level failures of pg and PGlite: the database is down, restarting or unreachable. */
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '53300']);
const OUTAGE_MESSAGES = /Connection terminated|connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed|database system is (starting up|shutting down)|terminating connection/i;

export function isDatabaseOutage(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (OUTAGE_CODES.has(code) || code.startsWith('08'))) return true;
  // AggregateError (pg tries IPv4 and IPv6) and wrapped causes.
  const inner = (e as { errors?: unknown[]; cause?: unknown }).errors ?? [];
  if (inner.some(isDatabaseOutage) || ((e as { cause?: unknown }).cause && isDatabaseOutage((e as { cause?: unknown }).cause))) return true;
  return e instanceof Error && OUTAGE_MESSAGES.test(e.message) && !('statusCode' in e);
}

/** SQLSTATEs that mean "this value cannot be stored": the client's input, not the server's fault. */
const INPUT_SQLSTATES: Record<string, string> = {
  '22021': '请求中含有无效字符（空字符或残缺的 Unicode 字符）：请删除后重新提交',
  '22P05': '请求中含有无法保存的字符（空字符或残缺的 Unicode 字符）：请删除后重新提交',
  '22003': '请求中的数值超出允许范围：请检查数字后重新提交',
  '22P02': '请求中的数值或编号格式不正确：请检查后重新提交',
  '22001': '请求中的文字过长：请缩短后重新提交',
  '22007': '请求中的日期格式不正确，应为 YYYY-MM-DD',
  '22008': '请求中的日期或时间超出范围：请检查后重新提交',
  '54000': '请求内容过于复杂或过长：请缩减后重新提交',
};

/** Fastify's own 4xx errors, in Chinese. */
const FRAMEWORK: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON，请检查客户端版本' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: '请求内容为空：应为 JSON，请检查客户端版本' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', message: '请求内容过大：请分批提交（每批不超过 100 条申报）' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容类型不受支持，应为 application/json' },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容类型不受支持，应为 application/json' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求缺少内容类型（Content-Type），应为 application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_CONTENT_LENGTH', message: '请求的内容长度（Content-Length）与实际内容不符，请重新发送' },
  FST_ERR_CTP_INVALID_PARSE_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求内容类型不受支持，应为 application/json' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', message: '请求地址含有无效的编码（如残缺的 UTF-8 或 Unicode 字符）：请检查地址中的编号' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_URL', message: '请求地址无法识别，请检查客户端版本' },
};

function validationField(err: FastifyError): string | undefined {
  const v = err.validation?.[0];
  if (!v) return undefined;
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = (v.params as { missingProperty?: string; additionalProperty?: string } | undefined) ?? {};
  const extra = missing.missingProperty ?? missing.additionalProperty;
  return [path, extra].filter(Boolean).join('.') || undefined;
}

const TYPE_NAMES: Record<string, string> = { string: '文字', integer: '整数', number: '数字', boolean: '是或否', object: '对象', array: '列表', null: '空值' };

/** AJV's English reason as Chinese: what is wrong and what is allowed. */
export function validationMessage(v: { keyword: string; message?: string; params?: Record<string, unknown> }): string {
  const p = v.params ?? {};
  switch (v.keyword) {
    case 'required':
      return `缺少必填项 ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return `含有不允许的字段 ${String(p.additionalProperty)}：请删除`;
    case 'type':
      return `类型不正确，应为${String(p.type).split(',').map((t) => TYPE_NAMES[t] ?? t).join('或')}`;
    case 'maximum':
      return `不能大于 ${String(p.limit)}`;
    case 'minimum':
      return `不能小于 ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `应小于 ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `应大于 ${String(p.limit)}`;
    case 'maxLength':
      return `过长，最多 ${String(p.limit)} 个字符`;
    case 'minLength':
      return Number(p.limit) <= 1 ? '不能为空' : `过短，至少 ${String(p.limit)} 个字符`;
    case 'maxItems':
      return `条目过多，最多 ${String(p.limit)} 条`;
    case 'minItems':
      return `条目过少，至少 ${String(p.limit)} 条`;
    case 'maxProperties':
      return `项目过多，最多 ${String(p.limit)} 项`;
    case 'pattern':
    case 'format':
      return '格式不正确';
    case 'const':
    case 'enum':
    case 'anyOf':
    case 'oneOf':
      return '取值不在允许的范围内';
    default:
      return `不符合要求（${v.keyword}）`;
  }
}

/** The app's error handler: every error, whatever its source, as the one shape. */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof HttpError) return sendError(reply, err.statusCode, err.code, err.message, err.field);
  if (err.validation) {
    const v = err.validation[0];
    const field = validationField(err);
    const where = field ? `字段 ${field}` : err.validationContext === 'body' ? '请求内容' : '请求参数';
    return sendError(reply, 400, 'VALIDATION', `请求格式不正确：${where} ${v ? validationMessage(v) : ''}`.trim(), field);
  }
  const code = err.code ?? '';
  const known = FRAMEWORK[code];
  if (known) return sendError(reply, known.status, known.code, known.message);
  if (err.name === 'SyntaxError') return sendError(reply, 400, 'MALFORMED_JSON', FRAMEWORK.FST_ERR_CTP_INVALID_JSON_BODY!.message);
  if (isDatabaseOutage(err)) {
    req.log.warn({ code: err.code, message: err.message }, 'database unavailable');
    reply.header('retry-after', String(OUTAGE_RETRY_AFTER_S));
    return sendError(reply, 503, 'DATABASE_UNAVAILABLE', `数据库暂时无法连接，请 ${OUTAGE_RETRY_AFTER_S} 秒后重试；如持续出现请联系编办的系统管理员`);
  }
  const input = INPUT_SQLSTATES[code];
  if (input) {
    req.log.warn({ code }, 'input refused by the database');
    return sendError(reply, 400, 'BAD_INPUT', input);
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return sendError(reply, err.statusCode, 'BAD_REQUEST', `请求无效（${code || err.statusCode}）：请检查请求地址、内容类型和内容后重试`);
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(reply, 500, 'INTERNAL', '服务器内部错误，请稍后重试；如持续出现请联系编办');
}

export function handleNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0]!;
  return sendError(reply, 404, 'NOT_FOUND', `没有这个接口：${req.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`);
}

/** Fastify's `frameworkErrors` option: router errors (a URL that does not decode) before any route. */
export function handleFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK[err.code] ?? FRAMEWORK.FST_ERR_BAD_URL!;
  void sendError(reply, known.status, known.code, known.message);
}

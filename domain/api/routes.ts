/**
 * The route table: every route of the bianban server, once. The server registers its routes from it
 * (server/http/register-routes.ts: validation, serialisation, who may call) and the client's one
 * connection (client/connection.ts) builds its calls from it and checks every answer against it.
 * Finer scope checks (own unit, supervising department, jurisdiction) stay in the handlers.
 */
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { PHOTO_MAX_BYTES } from '../validation/photo';
import { ChallengeResponse, LoginBody, LoginResponse, PrincipalSchema } from './auth';
import { BUNDLE_MAX_BYTES, CertifiedBundleKey, ImportBundleBody, ImportBundleResponse } from './bundle';
import { CertificateView, IssueCertificateBody, RevokeBody } from './ca';
import { HealthResponse } from './common';
import { FormNumberPatternsView, FormView, SetFormNumberPatternsBody, VerifyParams, VerifyQuery, VerifyResponse } from './forms';
import { PHOTO_CONTENT_TYPES, PhotoParams, PhotoPutResponse } from './photos';
import { DecisionBody, DecisionResponse, PushBody, PushResponse, QueueQuery, QueueResponse, RequestView, ResubmitBody, WithdrawBody } from './requests';
import { IdNumberParams, IssuedCertificateRow, PersonRecord } from './reviewer';
import {
  AbolishBody,
  CreateDivisionBody,
  CreateUnitBody,
  DivisionResponse,
  EntryParams,
  LEDGER_BODY_LIMIT,
  LedgerEntryView,
  MergeBody,
  RecordLedgerBody,
  RenameBody,
  UnitChangeResponse,
  UnitParams,
} from './reviewer-ledger';
import { PullQuery, PullResponse } from './sync';
import { LedgerSummarySchema } from './units';
import { Enum, ServerId, Uuid } from '../schema-kit';

export type Role = 'unit' | 'reviewer';
/** Who may call: anyone, any logged-in key, or keys of the listed roles (the server answers 401 / 403). */
export type Access = 'public' | 'session' | readonly Role[];

/** What a route answers with status 200 (or 204). */
export type Answer =
  | { readonly kind: 'json'; readonly schema: TSchema }
  | { readonly kind: 'bytes'; readonly contentTypes: readonly string[] }
  | { readonly kind: 'none' };
export const json = <T extends TSchema>(schema: T) => ({ kind: 'json', schema }) as const;
/** Bytes (or text such as PEM) with one of these content types; an error still answers the JSON error shape. */
export const bytes = <const C extends readonly string[]>(...contentTypes: C) => ({ kind: 'bytes', contentTypes }) as const;
export const noContent = { kind: 'none' } as const;
/** A request body that is the bytes themselves (a photo), of one of these content types. */
export interface BytesBody {
  readonly kind: 'bytes';
  readonly contentTypes: readonly string[];
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** Fastify path syntax: `:name` is a path parameter, declared in `params`. */
  readonly path: string;
  /** What the route does, in Chinese (for the docs and the errors that name a route). */
  readonly summary: string;
  readonly access: Access;
  /** The 403 message for a key of another role (else a default per role list). */
  readonly refusal?: string;
  readonly params?: TObject;
  readonly query?: TObject;
  readonly body?: TSchema | BytesBody;
  readonly answer: Answer;
  /** Body limit of this route when it differs from the server's default. */
  readonly bodyLimit?: number;
}

const route = <const R extends RouteSpec>(r: R): R => r;
const IdParams = Type.Object({ id: ServerId });
const RequestParams = Type.Object({ id: Uuid });

export const ROUTES = {
  // ── public ──
  health: route({ method: 'GET', path: '/healthz', summary: '服务器及数据库状态', access: 'public', answer: json(HealthResponse) }),
  verifyForm: route({ method: 'GET', path: '/verify/:number', summary: '按编号（及摘要）核验已签发的表单', access: 'public', params: VerifyParams, query: VerifyQuery, answer: json(VerifyResponse) }),
  caCertificate: route({ method: 'GET', path: '/ca/certificate', summary: '编办 CA 证书（客户端据此锁定服务器）', access: 'public', answer: bytes('application/x-pem-file') }),
  caCrl: route({
    method: 'GET',
    path: '/ca/crl',
    summary: '证书吊销列表（PEM 或 DER）',
    access: 'public',
    query: Type.Object({ format: Type.Optional(Enum(['pem', 'der'] as const)) }),
    answer: bytes('application/x-pem-file', 'application/pkix-crl'),
  }),
  authChallenge: route({ method: 'POST', path: '/api/v1/auth/challenge', summary: '取登录挑战', access: 'public', answer: json(ChallengeResponse) }),
  authLogin: route({ method: 'POST', path: '/api/v1/auth/login', summary: '以 USB Key 签名登录', access: 'public', body: LoginBody, answer: json(LoginResponse) }),
  /** Without a session there is nothing to end: harmless, and says nothing about anyone. */
  authLogout: route({ method: 'POST', path: '/api/v1/auth/logout', summary: '退出登录', access: 'public', answer: noContent }),

  // ── any session ──
  me: route({ method: 'GET', path: '/api/v1/me', summary: '当前登录的证书持有人', access: 'session', answer: json(PrincipalSchema) }),
  syncPush: route({
    method: 'POST',
    path: '/api/v1/sync/push',
    summary: '上传已签名的业务申报',
    access: ['unit'],
    refusal: '只有单位经办人员可以提交业务申报',
    body: PushBody,
    answer: json(PushResponse),
  }),
  syncPull: route({ method: 'GET', path: '/api/v1/sync/pull', summary: '按游标拉取本证书可见的变更', access: 'session', query: PullQuery, answer: json(PullResponse) }),
  reviewQueue: route({ method: 'GET', path: '/api/v1/review/queue', summary: '待审核的申报（主管部门或编办）', access: 'session', query: QueueQuery, answer: json(QueueResponse) }),
  requestGet: route({ method: 'GET', path: '/api/v1/requests/:id', summary: '查看一件业务申报', access: 'session', params: RequestParams, answer: json(RequestView) }),
  requestDecision: route({ method: 'POST', path: '/api/v1/requests/:id/decision', summary: '审核决定（通过、退回、不予通过）', access: 'session', params: RequestParams, body: DecisionBody, answer: json(DecisionResponse) }),
  requestWithdraw: route({
    method: 'POST',
    path: '/api/v1/requests/:id/withdraw',
    summary: '单位撤回审核中的申报',
    access: ['unit'],
    refusal: '只有提交该申报的单位可以撤回',
    params: RequestParams,
    body: WithdrawBody,
    answer: json(DecisionResponse),
  }),
  requestResubmit: route({
    method: 'POST',
    path: '/api/v1/requests/:id/resubmit',
    summary: '单位修改被退回的申报后重新提交',
    access: ['unit'],
    refusal: '只有提交该申报的单位可以修改后重新提交',
    params: RequestParams,
    body: ResubmitBody,
    answer: json(DecisionResponse),
  }),
  unitSummary: route({ method: 'GET', path: '/api/v1/units/:id/summary', summary: '单位编制数、实有人数、预留和空编', access: 'session', params: IdParams, answer: json(LedgerSummarySchema) }),
  formGet: route({ method: 'GET', path: '/api/v1/forms/:number', summary: '已签发表单的内容和印章', access: 'session', params: Type.Object({ number: Type.String({ maxLength: 64 }) }), answer: json(FormView) }),
  formNumberPatternsGet: route({ method: 'GET', path: '/api/v1/bianbans/:id/form-number-patterns', summary: '编办的表单编号格式', access: ['reviewer'], params: IdParams, answer: json(FormNumberPatternsView) }),
  formNumberPatternsSet: route({
    method: 'PUT',
    path: '/api/v1/bianbans/:id/form-number-patterns',
    summary: '设置本编办的表单编号格式',
    access: ['reviewer'],
    params: IdParams,
    body: SetFormNumberPatternsBody,
    answer: json(FormNumberPatternsView),
  }),
  caIssue: route({ method: 'POST', path: '/api/v1/ca/certificates', summary: '签发证书', access: ['reviewer'], body: IssueCertificateBody, answer: json(CertificateView) }),
  caRevoke: route({
    method: 'POST',
    path: '/api/v1/ca/certificates/:serial/revoke',
    summary: '吊销证书',
    access: ['reviewer'],
    params: Type.Object({ serial: Type.String({ pattern: '^[0-9a-f]{1,64}$' }) }),
    body: RevokeBody,
    answer: json(CertificateView),
  }),
  photoPut: route({
    method: 'PUT',
    path: '/api/v1/photos/:sha256',
    summary: '上传人员照片',
    access: ['unit'],
    refusal: '只有单位经办人员可以上传本单位人员的照片',
    params: PhotoParams,
    body: { kind: 'bytes', contentTypes: PHOTO_CONTENT_TYPES },
    bodyLimit: PHOTO_MAX_BYTES,
    answer: json(PhotoPutResponse),
  }),
  photoGet: route({ method: 'GET', path: '/api/v1/photos/:sha256', summary: '取人员照片', access: 'session', params: PhotoParams, answer: bytes(...PHOTO_CONTENT_TYPES) }),
  bundleKey: route({ method: 'GET', path: '/api/v1/bundles/key', summary: '编办的数据包加密公钥（CA 签名）', access: 'session', answer: json(CertifiedBundleKey) }),
  bundleImport: route({
    method: 'POST',
    path: '/api/v1/bundles',
    summary: '导入单位的离线数据包，返回结果包',
    access: 'session',
    body: ImportBundleBody,
    // The bundle is JSON text inside JSON: room for the escaping on top of the bundle's own limit.
    bodyLimit: BUNDLE_MAX_BYTES + 64 * 1024,
    answer: json(ImportBundleResponse),
  }),
  ledgerDocument: route({ method: 'GET', path: '/api/v1/ledger/:id/document', summary: '台账记录所附批准文件扫描件', access: 'session', params: EntryParams, answer: bytes('application/pdf') }),

  // ── reviewers ──
  reviewerCertificates: route({ method: 'GET', path: '/api/v1/reviewer/certificates', summary: '本辖区签发的证书', access: ['reviewer'], answer: json(Type.Array(IssuedCertificateRow)) }),
  reviewerPerson: route({ method: 'GET', path: '/api/v1/reviewer/people/:idNumber', summary: '按身份证号查全省在编记录', access: ['reviewer'], params: IdNumberParams, answer: json(Type.Array(PersonRecord)) }),
  ledgerRecord: route({
    method: 'POST',
    path: '/api/v1/reviewer/units/:id/ledger',
    summary: '登记批准文件（附扫描件）',
    access: ['reviewer'],
    params: UnitParams,
    body: RecordLedgerBody,
    bodyLimit: LEDGER_BODY_LIMIT,
    answer: json(LedgerEntryView),
  }),
  ledgerList: route({ method: 'GET', path: '/api/v1/reviewer/units/:id/ledger', summary: '单位的台账记录', access: ['reviewer'], params: UnitParams, answer: json(Type.Array(LedgerEntryView)) }),
  unitCreate: route({ method: 'POST', path: '/api/v1/reviewer/units', summary: '新设单位', access: ['reviewer'], body: CreateUnitBody, answer: json(UnitChangeResponse) }),
  unitRename: route({ method: 'POST', path: '/api/v1/reviewer/units/:id/rename', summary: '单位更名', access: ['reviewer'], params: UnitParams, body: RenameBody, answer: json(UnitChangeResponse) }),
  unitMerge: route({ method: 'POST', path: '/api/v1/reviewer/units/:id/merge', summary: '单位合并', access: ['reviewer'], params: UnitParams, body: MergeBody, answer: json(UnitChangeResponse) }),
  unitAbolish: route({ method: 'POST', path: '/api/v1/reviewer/units/:id/abolish', summary: '撤销单位', access: ['reviewer'], params: UnitParams, body: AbolishBody, answer: json(UnitChangeResponse) }),
  divisionCreate: route({ method: 'POST', path: '/api/v1/reviewer/units/:id/divisions', summary: '新设内设机构', access: ['reviewer'], params: UnitParams, body: CreateDivisionBody, answer: json(DivisionResponse) }),
  divisionRename: route({ method: 'POST', path: '/api/v1/reviewer/divisions/:id/rename', summary: '内设机构更名', access: ['reviewer'], params: UnitParams, body: RenameBody, answer: json(DivisionResponse) }),
  divisionAbolish: route({ method: 'POST', path: '/api/v1/reviewer/divisions/:id/abolish', summary: '撤销内设机构', access: ['reviewer'], params: UnitParams, body: AbolishBody, answer: json(DivisionResponse) }),
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;

/** The 403 message for a key whose role the route does not admit. */
export function refusalOf(r: RouteSpec): string {
  if (r.refusal) return r.refusal;
  if (Array.isArray(r.access) && r.access.length === 1 && r.access[0] === 'unit') return '只有单位经办人员可以办理此项';
  return '只有编办审核人员可以办理此项';
}

// ── types of a call, from the table ──
type StaticOr<T, Else> = T extends TSchema ? Static<T> : Else;
export type RouteParams<R extends RouteSpec> = R extends { params: infer P } ? StaticOr<P, never> : undefined;
export type RouteQuery<R extends RouteSpec> = R extends { query: infer Q } ? StaticOr<Q, never> : undefined;
export interface BytesPayload {
  contentType: string;
  bytes: Uint8Array;
}
export type RouteBody<R extends RouteSpec> = R extends { body: infer B } ? (B extends BytesBody ? BytesPayload : StaticOr<B, never>) : undefined;
/** What a byte-answering route gives back: the bytes, their type and the response headers. */
export interface BytesAnswer {
  bytes: Uint8Array;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
}
export type RouteOutput<R extends RouteSpec> = R['answer'] extends { kind: 'json'; schema: infer S } ? StaticOr<S, never> : R['answer'] extends { kind: 'bytes' } ? BytesAnswer : void;

/** A part of the input: absent when the route has none, optional when every field of it is. */
type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : Record<never, never> extends T ? { [P in K]?: T } : { [P in K]: T };
/** The input of a call: path parameters, query and body, each present exactly when the route has it. */
export type RouteInput<R extends RouteSpec> = Part<'params', RouteParams<R>> & Part<'query', RouteQuery<R>> & Part<'body', RouteBody<R>>;

/** The path of a route with its parameters filled in (each one URL-encoded). */
export function pathOf(r: RouteSpec, params?: Record<string, string | number>): string {
  return r.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`route ${r.method} ${r.path}: parameter ${name} missing`);
    return encodeURIComponent(String(v));
  });
}

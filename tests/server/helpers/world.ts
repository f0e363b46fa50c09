/**
 * A small province for server tests: province bianban P → city bianbans C1, C2; in C1 a supervising
 * department (DEPT) with a subordinate institution (INST); in C2 another organ (OTHER). Officers for
 * each unit and reviewers for P, C1 and C2, each with a software key and a certificate from the test CA.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { canonicalJson } from '../../../domain/crypto/canonical-json';
import type { Bianban, Unit } from '../../../domain/model';
import type { PayloadByKind, RequestKind } from '../../../domain/requests';
import { creditCodeCheckChar } from '../../../domain/validation/credit-code';
import { idNumberCheckChar } from '../../../domain/validation/id-number';
import { createApp } from '../../../server/app';
import { CertificateAuthority } from '../../../server/ca/authority';
import { issueCertificate } from '../../../server/ca/certificate-service';
import { keyObjectSigner } from '../../../server/ca/file-signer';
import { DEFAULT_CONFIG, type AppDeps, type ServerConfig } from '../../../server/context';
import type { Db } from '../../../server/db/database';
import { importRecords, type ImportFile } from '../../../server/import/import-seed';
import { signWith, softKey, type SoftKey } from './identities';

// Responses are checked field by field; a loose JSON type keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function creditCode(region: string, n: number): string {
  const body = `11${region}${String(n).padStart(8, '0')}M`;
  return body + creditCodeCheckChar(body);
}

/** A valid 18-digit ID number born on `birth` (YYYYMMDD); odd `seq` = male. */
export function idNumber(birth: string, seq: number, region = '370102'): string {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return body + idNumberCheckChar(body);
}

const bianban = (id: string, name: string, level: Bianban['level'], parentId: string | null, regionCode: string, shortName: string): Bianban => ({
  id,
  name,
  level,
  parentId,
  regionCode,
  shortName,
});

const unit = (id: string, name: string, bianbanId: string, region: string, n: number, kind: Unit['kind'], supervisorUnitId: string | null): Unit => ({
  id,
  name,
  creditCode: creditCode(region, n),
  kind,
  rank: 'divisionFull',
  fundingForm: 'full',
  bianbanId,
  supervisorUnitId,
  functions: '',
  powerList: [],
  address: '',
  phone: '',
  establishedOn: '2000-01-01',
  history: [],
  abolished: false,
});

export function worldRecords(): ImportFile {
  return {
    version: 1,
    bianbans: [
      bianban('P', '山东省机构编制委员会办公室', 'province', null, '370000', '鲁机编'),
      bianban('C1', '济南市机构编制委员会办公室', 'city', 'P', '370100', '济机编'),
      bianban('C2', '青岛市机构编制委员会办公室', 'city', 'P', '370200', '青机编'),
    ],
    units: [
      unit('DEPT', '济南市卫生健康委员会', 'C1', '370100', 1, 'organ', null),
      unit('INST', '济南市中心医院', 'C1', '370100', 2, 'institution', 'DEPT'),
      unit('OTHER', '青岛市教育局', 'C2', '370200', 3, 'organ', null),
    ],
    divisions: [{ id: 'DIV1', unitId: 'INST', name: '内科', abolished: false }],
    ledger: [
      { id: 'L1', unitId: 'DEPT', documentNo: '济编〔2020〕1号', date: '2020-01-01', issuer: '济南市编委', postDeltas: { administrative: 10 }, leaderDeltas: { unitHead: 1, unitDeputy: 2 }, note: '' },
      { id: 'L2', unitId: 'INST', documentNo: '济编〔2020〕2号', date: '2020-01-01', issuer: '济南市编委', postDeltas: { 'institutional:full': 5 }, leaderDeltas: {}, note: '' },
      { id: 'L3', unitId: 'OTHER', documentNo: '青编〔2020〕1号', date: '2020-01-01', issuer: '青岛市编委', postDeltas: { administrative: 8 }, leaderDeltas: {}, note: '' },
    ],
    staff: [
      staffMember('S1', 'DEPT', '张三', idNumber('19800101', 11), 'administrative'),
      staffMember('S2', 'INST', '李四', idNumber('19850202', 22), 'institutional:full'),
      staffMember('S3', 'OTHER', '王五', idNumber('19900303', 33, '370202'), 'administrative'),
    ],
    departedStaff: [],
    slips: [],
    offEstablishment: [],
  };
}

export function staffMember(id: string, unitId: string, name: string, idNo: string, postKey: 'administrative' | 'institutional:full') {
  const male = Number(idNo[16]) % 2 === 1;
  return {
    id,
    unitId,
    divisionId: null,
    name,
    idNumber: idNo,
    sex: male ? ('male' as const) : ('female' as const),
    birthDate: `${idNo.slice(6, 10)}-${idNo.slice(10, 12)}-${idNo.slice(12, 14)}`,
    ethnicity: '汉族',
    education: 'bachelor' as const,
    politicalStatus: '群众',
    postKey,
    position: '科员',
    positionLevel: '一级科员',
    leaderKind: null,
    retirementCategory: male ? ('male' as const) : ('female-55' as const),
    enrolledOn: '2010-01-01',
    entryChannel: 'civilServiceExam' as const,
    slipNumber: null,
    slotNo: null,
    phone: '',
    leftOn: null,
  };
}

export interface Actor {
  name: string;
  key: SoftKey;
  cert: string;
  serial: string;
}

export interface World {
  deps: AppDeps;
  app: FastifyInstance;
  clock: { offsetMs: number };
  actors: Record<'dept' | 'inst' | 'other' | 'reviewerP' | 'reviewerC1' | 'reviewerC2', Actor>;
  login(a: Actor): Promise<string>;
  signed<K extends RequestKind>(a: Actor, unitId: string, kind: K, payload: PayloadByKind[K], id?: string): Promise<Record<string, unknown>>;
  call(method: 'GET' | 'POST' | 'PUT', url: string, token?: string, body?: unknown): Promise<{ status: number; json: Json }>;
  close(): Promise<void>;
}

export async function makeCa(name = '山东省机构编制委员会办公室 CA'): Promise<CertificateAuthority> {
  const signer = await keyObjectSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  return CertificateAuthority.open(signer, null, name);
}

export async function createWorld(db: Db, config: Partial<ServerConfig> = {}, records = worldRecords()): Promise<World> {
  const clock = { offsetMs: 0 };
  const deps: AppDeps = { db, ca: await makeCa(), config: { ...DEFAULT_CONFIG, ...config }, now: () => new Date(Date.now() + clock.offsetMs) };
  await importRecords(db, records, { today: '2026-01-01' });
  const actor = async (name: string, role: 'unit' | 'reviewer', target: string): Promise<Actor> => {
    const key = await softKey(name);
    const b = await issueCertificate(deps, 'bootstrap', { csr: key.csr, role, holderName: name, ...(role === 'unit' ? { unitId: target } : { bianbanId: target }) });
    return { name, key, cert: b.pem, serial: b.serial };
  };
  const actors = {
    dept: await actor('卫健委经办人', 'unit', 'DEPT'),
    inst: await actor('医院经办人', 'unit', 'INST'),
    other: await actor('教育局经办人', 'unit', 'OTHER'),
    reviewerP: await actor('省编办审核员', 'reviewer', 'P'),
    reviewerC1: await actor('济南编办审核员', 'reviewer', 'C1'),
    reviewerC2: await actor('青岛编办审核员', 'reviewer', 'C2'),
  };
  const app = await createApp(deps);
  const call: World['call'] = async (method, url, token, body) => {
    const r = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
    let json: unknown;
    try {
      json = r.json();
    } catch {
      json = r.body;
    }
    return { status: r.statusCode, json };
  };
  return {
    deps,
    app,
    clock,
    actors,
    async login(a) {
      const ch = await call('POST', '/api/v1/auth/challenge');
      const signature = await signWith(a.key, a.cert, { challenge: ch.json.challenge, purpose: 'login' });
      const r = await call('POST', '/api/v1/auth/login', undefined, { certificate: a.cert, challenge: ch.json.challenge, signature });
      if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.json)}`);
      return r.json.token as string;
    },
    async signed(a, unitId, kind, payload, id = randomUUID()) {
      const content = { id, kind, unitId, payload, createdAt: new Date().toISOString() };
      return { ...content, signature: await signWith(a.key, a.cert, JSON.parse(canonicalJson(content))) };
    },
    call,
    close: () => app.close(),
  };
}

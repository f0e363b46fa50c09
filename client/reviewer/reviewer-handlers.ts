/**
 * The reviewer channels of the contract, for `createClient` to spread into its handler map. Every one
 * refuses unless the logged-in key's certificate carries the reviewer role: a unit key never reaches
 * the review API or the token administration through this app.
 */
import type { Logger } from 'pino';
import type { Store } from '../../db/index';
import type { ClientApiHandlers } from '../../domain/contract/channels';
import { ApiError } from '../../domain/contract/errors';
import type { REVIEWER_API } from '../../domain/contract/reviewer';
import { SOFTHSM2_MODULE } from '../../native/pkcs11-module';
import type { KeyGate } from '../key-gate';
import type { HttpOptions, ServerConnection } from '../connection';
import { CertificateDesk } from './certificate-desk';
import { ledgerHandlers } from './ledger-handlers';
import { ReviewDesk } from './review-desk';

type ReviewerChannel = keyof typeof REVIEWER_API;

export interface ReviewerDeps {
  gate: KeyGate;
  store: Store;
  /** The client's one connection to the server (shared with sync). */
  connection: ServerConnection;
  /** The server, for logging a freshly issued key in as its holder would. */
  http: HttpOptions | null;
  now: () => Date;
  log: Logger;
  /** Pulls the reviewer's replica (the history is read from it after the decisions just made). */
  refresh?: () => Promise<void>;
  /** The PKCS#11 module blank keys are inserted into (default: EBZ_PKCS11_MODULE, then SoftHSM2). */
  modulePath?: string;
}

export function reviewerHandlers(d: ReviewerDeps): Pick<ClientApiHandlers, ReviewerChannel> {
  const session = d.connection;
  d.gate.on('removed', () => session.forget());
  const desk = new ReviewDesk({ session, store: d.store, now: d.now });
  const certs = new CertificateDesk({
    session,
    store: d.store,
    http: d.http,
    modulePath: d.modulePath ?? process.env.EBZ_PKCS11_MODULE ?? SOFTHSM2_MODULE,
    ownCertificate: () => d.gate.certificatePem(),
    now: d.now,
    log: d.log.child({ component: 'reviewer' }),
  });
  const reviewer = () => {
    if (d.gate.identity?.role !== 'reviewer') throw new ApiError('KEY', '只有编办审核人员的密钥可以使用此功能');
  };
  const guard =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R> | R) =>
    async (...a: A): Promise<R> => {
      reviewer();
      return fn(...a);
    };
  return {
    'reviewer:queue': guard((q) => desk.queue(q)),
    'reviewer:context': guard(({ id }) => desk.context(id)),
    'reviewer:decide': guard(({ id, outcome, comment }) => desk.decide(id, outcome, comment)),
    'reviewer:batchApprove': guard(({ ids, comment }) => desk.batchApprove(ids, comment)),
    'reviewer:history': guard(async () => {
      await d.refresh?.().catch((e: unknown) => d.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'reviewer refresh failed'));
      return desk.history();
    }),
    'reviewer:units': guard(() =>
      d.store.units
        .listAll()
        .filter((u) => !u.abolished)
        .map((u) => ({ id: u.id, name: u.name, creditCode: u.creditCode })),
    ),
    'reviewer:tokens': guard(() => certs.tokens()),
    'reviewer:issue': guard((req) => certs.issue(req)),
    'reviewer:verifyToken': guard(({ tokenSerial, pin }) => certs.verifyToken(tokenSerial, pin)),
    'reviewer:unlockPin': guard(async ({ tokenSerial, soPin, newPin }) => {
      await certs.unlockPin(tokenSerial, soPin, newPin);
      return { ok: true as const };
    }),
    'reviewer:certificates': guard(() => certs.list()),
    'reviewer:revoke': guard(({ serial, reason }) => certs.revoke(serial, reason)),
    ...ledgerHandlers({
      session,
      store: d.store,
      now: d.now,
      refresh: () => d.refresh?.() ?? Promise.resolve(),
      bianbanName: () => d.gate.identity?.unitName ?? '',
      guard,
    }),
  };
}

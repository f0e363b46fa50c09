/**
 * Routes only the reviewer workspace needs: the certificates issued in the reviewer's jurisdiction (for
 * 证书管理 and its expiry warnings) and a person's records by ID number across the province (一人一编 is
 * province-wide, so a reviewer deciding an enrollment must see them all, not just his jurisdiction).
 * Reviewer-only (the route table says so; the registration enforces it).
 */
import { jurisdiction } from '../auth/scope';
import type { AppDeps } from '../context';
import type { RouteHandlers } from '../http/register-routes';
import { certificatesOfJurisdiction, personRecords } from '../repositories/reviewer-repository';

export const reviewerHandlers = (deps: AppDeps): RouteHandlers<'reviewerCertificates' | 'reviewerPerson'> => ({
  reviewerCertificates: async ({ principal }) => certificatesOfJurisdiction(deps.db, await jurisdiction(deps.db, principal.bianbanId)),
  reviewerPerson: async ({ params }) => personRecords(deps.db, params.idNumber),
});

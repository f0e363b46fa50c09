/** HTTP shapes only the reviewer workspace reads (server/reviewer/reviewer-routes.ts). */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../schema-kit';

export const IssuedCertificateRow = Type.Object({
  serial: Type.String(),
  role: Type.String(),
  unitId: Nullable(Type.String()),
  unitName: Type.String(),
  bianbanId: Nullable(Type.String()),
  holderName: Type.String(),
  notAfter: Type.String(),
  issuedAt: Type.String(),
  revokedAt: Nullable(Type.String()),
});
export type IssuedCertificateRow = Static<typeof IssuedCertificateRow>;

/** A person's record anywhere in the province, found by ID number (一人一编 is province-wide). */
export const PersonRecord = Type.Object({ unitId: Type.String(), unitName: Type.String(), name: Type.String(), departedOn: Nullable(Type.String()) });
export type PersonRecord = Static<typeof PersonRecord>;

export const IdNumberParams = Type.Object({ idNumber: Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' }) });

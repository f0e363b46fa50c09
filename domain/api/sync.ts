import { Type, type Static } from '@sinclair/typebox';

export const PullQuery = Type.Object(
  { after: Type.Integer({ minimum: 0, default: 0 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

export const ChangeSchema = Type.Object({ seq: Type.Integer(), entity: Type.String(), id: Type.String(), data: Type.Unknown() });
export type Change = Static<typeof ChangeSchema>;

/** `total` is present on the first page (after = 0): how many changes the whole snapshot has, for a progress bar. */
export const PullResponse = Type.Object({
  changes: Type.Array(ChangeSchema),
  cursor: Type.Integer(),
  hasMore: Type.Boolean(),
  total: Type.Optional(Type.Integer()),
});
export type PullResponse = Static<typeof PullResponse>;

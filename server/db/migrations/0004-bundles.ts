/**
 * Removable-media bundles (docs/sync.md). `bundle_keys`: the bianban's X25519 bundle encryption key and
 * the CA's signature over its public half. It is kept here rather than next to the CA key because the CA
 * key may live on a token that can only sign; the newest row is the current key, older rows still open
 * bundles exported before a rotation. `bundle_imports`: every imported bundle id, so a replay is refused.
 */
export const sql = /* sql */ `
CREATE TABLE bundle_keys (
  key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{64}$'),
  private_pem text NOT NULL,
  content jsonb NOT NULL,
  signature jsonb NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE bundle_imports (
  bundle_id uuid PRIMARY KEY,
  unit_id text NOT NULL REFERENCES units(id),
  imported_by text NOT NULL,
  imported_at text NOT NULL,
  item_count integer NOT NULL,
  results_bundle_id uuid NOT NULL
);
`;

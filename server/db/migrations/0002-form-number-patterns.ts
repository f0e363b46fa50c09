/**
 * Each bianban may set its own form-number pattern per form kind (domain/form-number placeholders);
 * a kind without a row uses the default pattern.
 */
export const sql = /* sql */ `
CREATE TABLE form_number_patterns (
  bianban_id text NOT NULL REFERENCES bianbans(id),
  kind text NOT NULL CHECK (kind IN ('postUseSlip', 'enrollmentNotice', 'departureNotice')),
  pattern text NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL,
  PRIMARY KEY (bianban_id, kind)
);
`;

/**
 * Turning what a user typed into a staff search. Pure: the repository binds the results as
 * parameters, so nothing here ends up in SQL text.
 */

export interface StaffSearchPlan {
  /** The normalised query, for ranking exact and prefix matches first. */
  text: string;
  /** FTS5 query for 3+ characters (a trigram lookup); null for shorter queries. */
  match: string | null;
  /** LIKE pattern with `\` as escape, used for 1–2 character queries. */
  like: string;
}

/**
 * Full-width digits and letters (１２３Ｘ, common from Chinese input methods) become ASCII, spaces
 * go (names and ID numbers have none; a pasted ID often has them), letters go upper case (the ID
 * check character is X).
 */
export function normaliseQuery(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** Counts characters as the trigram tokenizer does: by code point, so 𠮷 is one character. */
export function characterCount(s: string): number {
  return [...s].length;
}

/**
 * A double-quoted FTS5 string is matched literally (operators, `*`, `:`, `^`, parentheses lose
 * their meaning); a `"` inside is written twice.
 */
export function ftsPhrase(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** `%` and `_` are LIKE wildcards; `\` is the escape character we declare in the SQL. */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

export function planStaffSearch(raw: string): StaffSearchPlan | null {
  const text = normaliseQuery(raw);
  if (text === '') return null;
  return {
    text,
    match: characterCount(text) >= 3 ? ftsPhrase(text) : null,
    like: likeContains(text),
  };
}

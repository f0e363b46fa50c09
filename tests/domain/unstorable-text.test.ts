/** Text PostgreSQL cannot store: NUL and lone UTF-16 surrogates; everything else, emoji included, passes. */
import { describe, expect, it } from 'vitest';
import { hasUnstorableText } from '../../domain/schema-kit';

describe('hasUnstorableText', () => {
  it('refuses NUL and lone surrogates anywhere', () => {
    for (const s of ['\u0000', 'a\u0000b', '\uD800', 'x\uD83D', '\uDC00x', '\uDE00', 'ab\uDBFF']) expect(hasUnstorableText(s), JSON.stringify(s)).toBe(true);
  });
  it('accepts ordinary text, Chinese and surrogate pairs', () => {
    for (const s of ['', 'abc', '济南市第一人民医院', '😀', '中文😀x', '\uD83D\uDE00', '\u0001\t\n']) expect(hasUnstorableText(s), JSON.stringify(s)).toBe(false);
  });
});

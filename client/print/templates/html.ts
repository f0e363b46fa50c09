/**
 * A tiny HTML builder for the templates: interpolated values are escaped unless they are already
 * `Html` (built by this module), so a name like “<某>单位” can never break a form.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

export function esc(v: string | number): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function part(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return (v as readonly Value[]).map(part).join('');
  return esc(v as string | number);
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup (CSS, generated SVG). */
export function raw(text: string): Html {
  return new Html(text);
}

/** Full-width text of a civil date: 2026年3月5日. */
export function cnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 1980年5月 — birth dates on public sheets show year and month only. */
export function cnYearMonth(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月` : iso;
}

/** A number, or a blank line to fill in by hand when the records cannot give it. */
export function fig(n: number | null): Html {
  return n === null ? raw('<span class="blank"></span>') : html`<span class="fig">${n}</span>`;
}

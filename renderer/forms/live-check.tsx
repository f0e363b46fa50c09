/**
 * Live validation of a request form: the services run the domain checks (with the replica's
 * vacancies, slips and staff) as the officer types; errors show under the field they belong to once
 * that field was touched, or everywhere after a submit attempt.
 */
import { useEffect, useRef, useState } from 'react';
import type { RequestKind } from '../../domain/requests';
import { api } from '../api/api';

export type FieldErrors = Record<string, string>;

export function useLiveCheck(kind: RequestKind, values: unknown) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const seq = useRef(0);
  const text = JSON.stringify(values ?? {});
  useEffect(() => {
    const n = ++seq.current;
    const t = setTimeout(() => {
      api
        .call('requests:check', { kind, payload: JSON.parse(text) } as never)
        .then((r) => {
          if (n !== seq.current) return;
          const out: FieldErrors = {};
          for (const e of r.errors) out[e.field] ??= e.message;
          setErrors(out);
        })
        .catch(() => undefined);
    }, 200);
    return () => clearTimeout(t);
  }, [kind, text]);
  return errors;
}

/** antd Form.Item props for a field path like `person.idNumber`. */
export function fieldState(errors: FieldErrors, touched: Set<string>, submitted: boolean, field: string) {
  const msg = errors[field];
  if (!msg || (!submitted && !touched.has(field))) return {};
  return { validateStatus: 'error' as const, help: <span data-testid={`error-${field}`}>{msg}</span> };
}

/** The dotted path of the first field in antd's changed-fields list. */
export function pathOf(name: (string | number)[]): string {
  return name.join('.');
}

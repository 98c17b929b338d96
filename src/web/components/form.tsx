/**
 * @module web/components/form — what the settings forms share: the API's JSON error placed on the field it names
 * (zod answers `body.username: …`; a conflict names the field by its code), an inline field error tied to its input
 * (aria-invalid, aria-describedby), and a generated initial password (Web Crypto, no modulo bias).
 */
import { ApiError } from '../api';

export interface FormError { readonly field: string | null; readonly message: string; readonly code: string }

/**
 * Where an error belongs: `field` is one of `fields` when the API's message names it (`body.NAME…: …`) or the code
 * is mapped to one in `byCode` (e.g. GH_ERR_CONFLICT → username), else null (shown under the form).
 */
export function formError(err: unknown, fields: readonly string[], byCode: Readonly<Record<string, string>> = {}): FormError | null {
  if (err === null || err === undefined) { return null; }
  const code = err instanceof ApiError ? err.code : 'GH_ERR_INTERNAL';
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  const m = /^body\.([A-Za-z]\w*)(?:\.[\w.]*)?:\s*(.*)$/s.exec(message);
  if (m !== null && fields.includes(m[1]!)) { return { field: m[1]!, message: m[2] !== '' ? m[2]! : message, code }; }
  const mapped = byCode[code];
  if (mapped !== undefined && fields.includes(mapped)) { return { field: mapped, message, code }; }
  return { field: null, message, code };
}

/** Props for an input that may carry the form's error: `{...fieldProps(err, 'name', 'org-name')}`. */
export function fieldProps(err: FormError | null, field: string, id: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return err?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-err` } : {};
}

/** The error of `field` under its input (nothing when the error is elsewhere). */
export function FieldError({ err, field, id }: { err: FormError | null; field: string; id: string }) {
  if (err?.field !== field) { return null; }
  return <span id={`${id}-err`} className="field-error" role="alert">{err.message}</span>;
}

/** The error that names no field, under the form. */
export function FormErrorLine({ err, testId }: { err: FormError | null; testId?: string }) {
  if (err === null || err.field !== null) { return null; }
  return <p className="error" role="alert" {...(testId !== undefined ? { 'data-testid': testId } : {})}><code>{err.code}</code> {err.message}</p>;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters without look-alikes (0/O, 1/l/I); `random` fills a byte array. */
export function generatePassword(length = 20, random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const limit = 256 - (256 % ALPHABET.length); // bytes at or above are rejected: every character equally likely
  let out = '';
  while (out.length < length) {
    for (const byte of random(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) { out += ALPHABET[byte % ALPHABET.length]; }
    }
  }
  return out;
}

/** @module web/components/common — small shared pieces: loading/progress, error, empty state, severity chip, relative time. */
import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return <p className="loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" /> Loading {what}…</p>;
}

export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <progress {...(value !== undefined ? { value } : {})} {...(max !== undefined ? { max } : {})} aria-label={label} /> <span>{label}</span>
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: unknown; retry?: () => void }) {
  const code = error instanceof ApiError ? error.code : 'GH_ERR_INTERNAL';
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert" data-testid="error-box">
      <strong>Something went wrong</strong> <code>{code}</code>
      <p>{msg}</p>
      {retry !== undefined && <button type="button" onClick={retry}>Try again</button>}
    </div>
  );
}

/** An empty state that says what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <div className="empty" data-testid="empty-state"><strong>{title}</strong>{children !== undefined && <div>{children}</div>}</div>;
}

const SEV = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEV)[number];
export const SEVERITIES: readonly Severity[] = SEV;

export function SeverityChip({ severity }: { severity: string }) {
  return <span className={`sev sev-${SEV.includes(severity as Severity) ? severity : 'info'}`}>{severity}</span>;
}

export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) { return '—'; }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function Section({ title, children, id, actions }: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-head"><h2 id={id}>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}

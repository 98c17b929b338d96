/** @module cli/db-hint — the `--db X` a printed next step must carry so it reads the database the scan was saved to. */
import { escapeControls } from '../core/quote.js';
import { redactDb } from '../store/open-checked.js';

/** A shell word: as is when it holds only safe characters, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_/.:@%+=,~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** ` --db X` when the scan was given --db (password hidden: PGPASSWORD or ~/.pgpass supply it; controls escaped), else ''. */
export function dbArgument(db: string | undefined): string {
  return db === undefined ? '' : ` --db ${escapeControls(shellWord(redactDb(db)))}`;
}

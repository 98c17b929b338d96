/** @module core/list-file — reads target/exclusion/scope list files: entries separated by whitespace, `#` comments. */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';

/** The entries of a list: whitespace-separated, `#` starts a comment that runs to the end of the line. */
export function parseListText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const body = line.replace(/#.*/, '').trim();
    if (body) { out.push(...body.split(/\s+/)); }
  }
  return out;
}

/**
 * Reads a list file. `what` names it in errors ("target file", "exclude file", "scope file"):
 * unreadable → GH_ERR_FILE `cannot read target file "x": ENOENT`; no entries → GH_ERR_EMPTY_INPUT.
 */
export async function readListFile(path: string, what = 'target file'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read ${what} "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  const entries = parseListText(text);
  if (entries.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', `${what} "${path}" is empty`); }
  return entries;
}

/** Whether the path names an existing regular file (used to tell `--scope FILE` from `--scope LIST`). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG') {
      return false; // not a file: the caller treats the value as a list
    }
    throw new UsageError('GH_ERR_FILE', `cannot read "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
}

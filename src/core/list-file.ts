/** @module core/list-file — reads target/exclusion/scope list files: entries separated by whitespace, `#` comments. */
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';

export function parseListText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const body = line.replace(/#.*/, '').trim();
    if (body) { out.push(...body.split(/\s+/)); }
  }
  return out;
}

export async function readListFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  const entries = parseListText(text);
  if (entries.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', `file "${path}" is empty`); }
  return entries;
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // not a file: the caller treats the value as a list
  }
}

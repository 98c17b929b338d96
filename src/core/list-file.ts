/**
 * @module core/list-file — reads target/exclusion/scope list files: entries separated by whitespace, `#` comments.
 * Files are streamed, never read whole: at most LIST_FILE_MAX_BYTES are read and no entry may be longer than
 * LIST_ENTRY_MAX_CHARS, so `-iL /dev/zero` or a huge garbage file fails at once with one line naming the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { GatehouseError, UsageError } from '../errors/index.js';
import { quote } from './quote.js';

/** The largest list file read (16 MiB ≈ 1.2 million addresses one per line; use CIDRs and ranges beyond). */
export const LIST_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** The longest entry: a hostname has at most 253 characters; an nmap octet list may run to a few hundred. */
export const LIST_ENTRY_MAX_CHARS = 4096;

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && /\s/.test(String.fromCharCode(c)));

/**
 * Splits list text fed in chunks into entries, with the line each is on. Pure: `feed` any chunking of the text,
 * then `end`; entries come out in order through `emit`. A line's `#` starts a comment that runs to its end.
 */
export class ListTokenizer {
  private pending = '';
  private comment = false;
  private line = 1;

  constructor(private readonly emit: (entry: string, line: number) => void, private readonly maxEntry = LIST_ENTRY_MAX_CHARS) {}

  feed(text: string): void {
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const breaks = c === 0x0a || c === 0x23 /* # */ || isSpace(c);
      if (!breaks) {
        if (!this.comment && start < 0) { start = i; }
        continue;
      }
      if (start >= 0) { this.flush(text.slice(start, i)); start = -1; } else if (this.pending !== '') { this.flush(''); }
      if (c === 0x0a) { this.line++; this.comment = false; } else if (c === 0x23) { this.comment = true; }
    }
    if (start >= 0) {
      this.pending += text.slice(start);
      this.checkLength(this.pending);
    }
  }

  end(): void {
    if (this.pending !== '') { this.flush(''); }
  }

  private flush(tail: string): void {
    const entry = this.pending + tail;
    this.pending = '';
    this.checkLength(entry);
    this.emit(entry, this.line);
  }

  private checkLength(entry: string): void {
    if (entry.length > this.maxEntry) {
      throw new UsageError('GH_ERR_INPUT_LIMIT', `line ${this.line}: an entry is longer than the ${this.maxEntry}-character limit ("${quote(entry, 40)}")`);
    }
  }
}

/** The entries of a list text (whole, for small inputs and tests). */
export function parseListText(text: string): string[] {
  const out: string[] = [];
  const t = new ListTokenizer((e) => { out.push(e); }, Number.MAX_SAFE_INTEGER);
  t.feed(text);
  t.end();
  return out;
}

/**
 * Reads a list file, streaming. `what` names it in errors ("target file", "exclude file", "scope file"):
 * unreadable → GH_ERR_FILE `cannot read target file "x": ENOENT`; no entries → GH_ERR_EMPTY_INPUT; over a limit →
 * GH_ERR_INPUT_LIMIT. `validate` checks each entry as it is read; its error is prefixed with the file and line.
 */
export async function readListFile(path: string, what = 'target file', validate?: (entry: string) => void): Promise<string[]> {
  const name = `${what} "${quote(path)}"`;
  const out: string[] = [];
  const tokenizer = new ListTokenizer((entry, line) => {
    try {
      validate?.(entry);
    } catch (err) {
      if (err instanceof GatehouseError) { throw new UsageError(err.code, `${name} line ${line}: ${err.message}`, { cause: err }); }
      throw err;
    }
    out.push(entry);
  });
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > LIST_FILE_MAX_BYTES) {
        throw new UsageError('GH_ERR_INPUT_LIMIT', `${name} is larger than the ${LIST_FILE_MAX_BYTES / 1024 / 1024} MiB limit for list files (use CIDRs or ranges, or split the list)`);
      }
      tokenizer.feed(decoder.write(chunk));
    }
    tokenizer.feed(decoder.end());
    tokenizer.end();
  } catch (err) {
    if (err instanceof GatehouseError) { throw err.message.startsWith(name) ? err : new UsageError(err.code, `${name} ${err.message}`, { cause: err }); }
    throw new UsageError('GH_ERR_FILE', `cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  } finally {
    stream.destroy();
  }
  if (out.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', `${name} is empty`); }
  return out;
}

/** Whether the path names an existing regular file (used to tell `--scope FILE` from `--scope LIST`). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'ENAMETOOLONG') {
      return false; // not a file: the caller treats the value as a list
    }
    throw new UsageError('GH_ERR_FILE', `cannot read "${quote(path)}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
}

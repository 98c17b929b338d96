/** @module core/targets/scope — the `--scope` value and the one out-of-scope error. */
import { UsageError } from '../../errors/index.js';
import { quote, quoteList } from '../quote.js';
import { parseAddressSpec } from './parse.js';
import { addressSetOf } from './set.js';

/** The one out-of-scope error (planning and the dialer guard): the target, the address, the scope — each quoted, capped. */
export function outOfScope(target: string, address: string | null, scope: readonly string[]): UsageError {
  const at = address !== null && address !== target ? ` (${address})` : '';
  return new UsageError('GH_ERR_OUT_OF_SCOPE', `target "${quote(target)}"${at} is outside the scope ${quoteList(scope)}`);
}

/** `--scope` value: comma-separated addresses/CIDRs/ranges, or the path of a file of them. Validated here. */
export async function parseScope(value: string): Promise<string[]> {
  const { readListFile, isFile } = await import('../list-file.js');
  const items = (await isFile(value))
    ? await readListFile(value, 'scope file', parseAddressSpec)
    : value.split(/[\s,]+/).filter((s) => s.length > 0);
  if (items.length === 0) { throw new UsageError('GH_ERR_EMPTY_INPUT', 'the scope is empty'); }
  addressSetOf(items);
  return items;
}

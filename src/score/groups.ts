/**
 * @module score/groups — asset groups for `--groups FILE`: a YAML or JSON mapping of group name → list of CIDRs,
 * addresses or hostnames. A host belongs to the first group (in file order) with a matching entry; hosts matching
 * none form the group "ungrouped".
 */
import { readFile } from 'node:fs/promises';
import ipaddr from 'ipaddr.js';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors/index.js';

import { UNGROUPED, groupOf, type GroupDef, type Matcher } from './group-of.js';

export { UNGROUPED, groupOf, type GroupDef };

const FileSchema = z.record(z.string().min(1), z.array(z.string().min(1)).min(1));

function entryMatcher(entry: string, group: string): Matcher {
  const e = entry.trim();
  if (e.includes('/')) {
    let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try { range = ipaddr.parseCIDR(e); } catch (err) {
      throw new UsageError('GH_ERR_GROUPS', `group "${group}": "${e}" is not a valid CIDR`, { cause: err });
    }
    return (address) => {
      if (!ipaddr.isValid(address)) { return false; }
      let a = ipaddr.parse(address);
      if (a.kind() === 'ipv6' && range[0].kind() === 'ipv4' && (a as ipaddr.IPv6).isIPv4MappedAddress()) { a = (a as ipaddr.IPv6).toIPv4Address(); }
      return a.kind() === range[0].kind() && a.match(range);
    };
  }
  if (ipaddr.isValid(e)) {
    const want = ipaddr.parse(e).toNormalizedString();
    return (address) => ipaddr.isValid(address) && ipaddr.parse(address).toNormalizedString() === want;
  }
  const name = e.toLowerCase();
  return (_address, hostnames) => hostnames.some((h) => h.toLowerCase() === name);
}

/** Validates a parsed groups document (object of name → entries). */
export function parseGroups(doc: unknown, source = 'groups file'): GroupDef[] {
  const r = FileSchema.safeParse(doc);
  if (!r.success) {
    throw new UsageError('GH_ERR_GROUPS', `${source}: expected a mapping of group name to a list of CIDRs, addresses or hostnames`);
  }
  return Object.entries(r.data).map(([name, entries]) => {
    const ms = entries.map((e) => entryMatcher(e, name));
    return { name, match: (a: string, h: readonly string[]) => ms.some((m) => m(a, h)) };
  });
}

export async function loadGroups(path: string): Promise<GroupDef[]> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read groups file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  let doc: unknown;
  try { doc = parseYaml(text); } catch (err) {
    throw new UsageError('GH_ERR_GROUPS', `groups file "${path}" is not valid YAML/JSON`, { cause: err });
  }
  return parseGroups(doc, `groups file "${path}"`);
}


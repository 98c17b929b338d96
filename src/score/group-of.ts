/** @module score/group-of — which asset group a host is in (kept free of the YAML/zod parsing in score/groups, which only --groups needs). */

export const UNGROUPED = 'ungrouped';

export type Matcher = (address: string, hostnames: readonly string[]) => boolean;
export interface GroupDef { readonly name: string; readonly match: Matcher }

/** The first group (in file order) with a matching entry, else "ungrouped". */
export function groupOf(groups: readonly GroupDef[], address: string, hostnames: readonly string[]): string {
  for (const g of groups) { if (g.match(address, hostnames)) { return g.name; } }
  return UNGROUPED;
}

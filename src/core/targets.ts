/**
 * @module core/targets — target expressions, pure and lazy: IPv4/IPv6 addresses, CIDR, full ranges
 * (`127.0.0.1-127.0.0.9`), nmap octet ranges (`127.0.1-3.1-5`, `127.0.0,1.*`), hostnames. IPv4 addresses are
 * numbers, IPv6 addresses bigints; ranges expand through generators, never into arrays; exclusion, scope and
 * de-duplication use interval sets built from the specs, not sets of addresses. One file per concern in targets/:
 * address (values ↔ text), spec (types, lazy expansion), parse, set, plan (resolve, scope check, iterate), scope.
 */
export { bigToAddress, canonicalAddress, parseAddress, v4Text, v4ToNumber, v6Text, type Family, type ParsedAddress } from './targets/address.js';
export type { AddressSpec, CidrSpec, HostnameSpec, IpSpec, OctetSpec, RangeSpec, TargetSpec } from './targets/spec.js';
export { parseAddressSpec, parseTargetSpec } from './targets/parse.js';
export { AddressSet, addressSetOf } from './targets/set.js';
export { planTargets, type PlanOptions, type TargetPlan } from './targets/plan.js';
export { outOfScope, parseScope } from './targets/scope.js';

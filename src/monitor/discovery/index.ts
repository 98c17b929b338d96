/** @module monitor/discovery — asset discovery from domains (DNS) and certificate SANs, with provenance chains. */
export { DnsClient, parseResolver, type Resolver, type DnsClientOptions } from './client.js';
export { parseResponse, encodeQuery, DISCOVERY_TYPES, type DiscoveryType, type DnsAnswer, type DnsResponse } from './message.js';
export { parseSpf, pickSpf, type SpfTerm, type SpfPolicy } from './spf.js';
export { walkDomain, walkName, COMMON_SRV, type Found, type FoundKind, type Lookup, type WalkOptions, type WalkResult } from './walk.js';
export { certificateNames } from './certificates.js';
export { DEFAULT_DISCOVERY_DEADLINE_MS, discoverOrganization, inOrgScope, type DiscoveryOptions, type DiscoveryReport } from './run.js';

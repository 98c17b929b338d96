/** @module local/scan-policy — `gatehouse scan --policy FILE`: loads the policy once (bad file → exit 2 before any packet) and returns the per-host step that adds policy findings to open ports. */
import type { HostResult } from '../core/types.js';
import { applyPolicyToHost, today } from './evaluate.js';
import { loadPolicy } from './policy.js';

export function policyApplier(path: string): (host: HostResult) => void {
  const policy = loadPolicy(path);
  const day = today();
  return (host) => { if (host.state === 'up') { applyPolicyToHost(policy, host, day); } };
}

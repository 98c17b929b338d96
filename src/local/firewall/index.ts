/** @module local/firewall — one entry point for every generator: plan → rendered rules in the chosen format. */
import { renderAws } from './aws.js';
import { renderFirewalld } from './firewalld.js';
import { renderIptables } from './iptables.js';
import { renderNftables } from './nftables.js';
import type { FirewallFormat, FirewallPlan, RenderedFirewall } from './plan.js';
import { renderUfw } from './ufw.js';
import { renderWindows } from './windows.js';

const RENDERERS: Record<FirewallFormat, (plan: FirewallPlan) => RenderedFirewall> = {
  nftables: renderNftables,
  iptables: renderIptables,
  ufw: renderUfw,
  firewalld: renderFirewalld,
  windows: renderWindows,
  aws: renderAws,
};

export function renderFirewall(plan: FirewallPlan, format: FirewallFormat): RenderedFirewall {
  return RENDERERS[format](plan);
}

export { FIREWALL_FORMATS, type FirewallFormat, type FirewallPlan, type RenderedFirewall } from './plan.js';

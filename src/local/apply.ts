/**
 * @module local/apply — `gatehouse harden --apply` (Linux, nftables or iptables only): first saves the current
 * rules as a rollback script (`sh FILE` restores them), then loads the generated rules. Any failure after the save
 * names the rollback file. Tools run without a shell; the nftables file goes to `nft -f -` on stdin.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { GatehouseError, UsageError } from '../errors/index.js';
import { IPT_CHAIN, iptablesCommands } from './firewall/iptables.js';
import { renderNftables } from './firewall/nftables.js';
import type { FirewallPlan } from './firewall/plan.js';

export interface ApplyResult {
  rollbackFile: string;
  commands: string[];
}

/** Runs a tool; returns stdout, or throws with its stderr as the message. */
type Runner = (tool: string, args: string[], input?: string) => string;

const run: Runner = (tool, args, input) => execFileSync(tool, args, {
  encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000, maxBuffer: 64 << 20,
});

function tryRun(runner: Runner, tool: string, args: string[]): boolean {
  try { runner(tool, args); return true; } catch { return false; }
}

function failure(what: string, rollbackFile: string, err: unknown): GatehouseError {
  const stderr = (err as { stderr?: string }).stderr?.trim().split('\n')[0];
  return new GatehouseError('GH_ERR_FIREWALL', `${what} failed${stderr ? `: ${stderr}` : ''}; restore the previous rules with: sh ${rollbackFile}`, { cause: err });
}

function heredoc(cmd: string, body: string): string {
  return `${cmd} <<'GATEHOUSE_EOF'\n${body.endsWith('\n') ? body : `${body}\n`}GATEHOUSE_EOF\n`;
}

function saveRollback(path: string, text: string): void {
  try {
    writeFileSync(path, text, { mode: 0o700 });
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot write rollback file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'} (nothing applied)`, { cause: err });
  }
}

export function applyNftables(plan: FirewallPlan, rollbackFile: string, runner: Runner = run): ApplyResult {
  let current: string;
  try { current = runner('nft', ['list', 'ruleset']); } catch (err) {
    throw new GatehouseError('GH_ERR_FIREWALL', `nft list ruleset failed (is nftables installed, are we root?): ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  saveRollback(rollbackFile, `#!/bin/sh\n# gatehouse harden rollback: restores the nftables ruleset saved before --apply\nset -e\n${heredoc('nft -f -', `flush ruleset\n${current}`)}`);
  const file = renderNftables(plan).script;
  try { runner('nft', ['-f', '-'], file); } catch (err) { throw failure('nft -f', rollbackFile, err); }
  return { rollbackFile, commands: ['nft -f - (the generated file)'] };
}

export function applyIptables(plan: FirewallPlan, rollbackFile: string, runner: Runner = run): ApplyResult {
  const saved: string[] = [];
  for (const tool of ['iptables', 'ip6tables'] as const) {
    try {
      const dump = runner(`${tool}-save`, []);
      if (dump.trim() !== '') { saved.push(heredoc(`${tool}-restore`, dump)); }
    } catch (err) {
      throw new GatehouseError('GH_ERR_FIREWALL', `${tool}-save failed (is iptables installed, are we root?): ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
  }
  // Remove our chain first: iptables-save prints nothing for tables never loaded, and restoring nothing would keep it.
  const unhook = ['iptables', 'ip6tables'].map((t) => `${t} -D INPUT -j ${IPT_CHAIN} 2>/dev/null || true\n${t} -F ${IPT_CHAIN} 2>/dev/null || true\n${t} -X ${IPT_CHAIN} 2>/dev/null || true\n`).join('');
  saveRollback(rollbackFile, `#!/bin/sh\n# gatehouse harden rollback: removes the ${IPT_CHAIN} chain, then restores the iptables and ip6tables rules saved before --apply\n${unhook}set -e\n${saved.join('')}`);
  const done: string[] = [];
  const exec = (tool: string, args: string[]): void => {
    try { runner(tool, args); done.push(`${tool} ${args.join(' ')}`); } catch (err) { throw failure(`${tool} ${args.join(' ')}`, rollbackFile, err); }
  };
  for (const tool of ['iptables', 'ip6tables']) {
    if (tryRun(runner, tool, ['-N', IPT_CHAIN])) { done.push(`${tool} -N ${IPT_CHAIN}`); } else { exec(tool, ['-F', IPT_CHAIN]); }
    if (!tryRun(runner, tool, ['-C', 'INPUT', '-j', IPT_CHAIN])) { exec(tool, ['-I', 'INPUT', '1', '-j', IPT_CHAIN]); }
  }
  for (const c of iptablesCommands(plan)) { exec(c.tool, c.args); }
  return { rollbackFile, commands: done };
}

/** @module cli/scope — the scope guard of a packet-sending command from its `--scope` and `--config` options (and $GATEHOUSE_CONFIG). */
import { ScopeGuard, scopeEntries, systemResolve } from '../net/scope-guard.js';
import { configPath, loadConfig } from './config.js';

export interface ScopeOptions { readonly scope?: string; readonly config?: string }

export async function commandScopeGuard(raw: ScopeOptions, env: NodeJS.ProcessEnv): Promise<ScopeGuard> {
  const cfg = await loadConfig(configPath(raw.config, env));
  return new ScopeGuard(await scopeEntries(raw.scope, cfg.scope), systemResolve);
}

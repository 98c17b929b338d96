/** @module cli/config — the optional JSON config file (scope and scan defaults), validated once with zod. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors/index.js';

export interface Config {
  scope?: string | string[];
  exclude?: string[];
  rate?: number;
  maxConcurrency?: number;
  retries?: number;
  timeout?: number;
}

/** The schema, built on first use: zod costs ~50 ms to load, which a scan without a config file should not pay. */
async function configSchema() {
  const { z } = await import('zod');
  return z.object({
    scope: z.union([z.string(), z.array(z.string())]).optional(),
    exclude: z.array(z.string()).optional(),
    rate: z.number().int().min(0).optional(),
    maxConcurrency: z.number().int().min(1).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    timeout: z.number().int().min(1).optional(),
  }).strict();
}

/** Where the config comes from: --config, then $GATEHOUSE_CONFIG, then $XDG_CONFIG_HOME/gatehouse/config.json if present. */
export function configPath(explicit: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (explicit) { return explicit; }
  if (env.GATEHOUSE_CONFIG) { return env.GATEHOUSE_CONFIG; }
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const p = join(base, 'gatehouse', 'config.json');
  return existsSync(p) ? p : null;
}

export async function loadConfig(path: string | null): Promise<Config> {
  if (path === null) { return {}; }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read config file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError('GH_ERR_CONFIG', `config file "${path}" is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = (await configSchema()).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new UsageError('GH_ERR_CONFIG', `config file "${path}": ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

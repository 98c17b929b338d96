/** @module store/path — where the embedded store lives (kept apart from store/sqlite so the CLI can name it without loading SQLite). */
import { join } from 'node:path';
import { homedir } from 'node:os';

/** `$GATEHOUSE_DB`, else `$XDG_DATA_HOME/gatehouse/gatehouse.db`, else `~/.local/share/gatehouse/gatehouse.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv): string {
  if (env.GATEHOUSE_DB) { return env.GATEHOUSE_DB; }
  const base = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'gatehouse', 'gatehouse.db');
}

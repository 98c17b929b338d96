/** @module server/bootstrap — first start: when no user exists, create `admin` with a random password shown once. */
import type { AuthRepo } from './auth/repo.js';
import { hashPassword, randomPassword } from './auth/passwords.js';

export const FIRST_ADMIN = 'admin';

/** Returns the one-time password when it created the first admin, null when users already exist. */
export async function ensureFirstAdmin(auth: AuthRepo): Promise<string | null> {
  if ((await auth.countUsers()) > 0) { return null; }
  const password = randomPassword();
  await auth.createUser(FIRST_ADMIN, await hashPassword(password), 'admin', []);
  await auth.audit({ principal: { kind: 'system', id: null, role: 'admin', orgIds: 'all', canWrite: true }, name: 'system' }, 'user.create', 'user:admin', null, { firstStart: true });
  return password;
}

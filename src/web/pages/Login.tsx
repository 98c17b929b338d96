/** @module web/pages/Login — user name and password → POST /auth/login (sets the session and CSRF cookies), then where the user was going. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api';
import { navigate, useLocation } from '../router';
import { ME_KEY } from '../session';

export function LoginPage() {
  const qc = useQueryClient();
  const { search } = useLocation();
  const [username, setUser] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api.post('/auth/login', { body: { username, password } }),
    onSuccess: (res) => {
      qc.setQueryData(ME_KEY, res.user);
      const next = search.get('next');
      navigate(next !== null && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/', { replace: true });
    },
  });
  const submit = (e: FormEvent): void => { e.preventDefault(); login.mutate(); };
  const err = login.error;
  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" data-testid="login-form">
        <h1 id="login-title">Gatehouse</h1>
        <p className="muted">Log in to see your organisations' grades.</p>
        <label htmlFor="username">User name</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUser(e.target.value)} autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {err !== null && (
          <p className="error" role="alert" data-testid="login-error">
            {err instanceof ApiError && err.code === 'GH_ERR_API_LOGIN' ? 'Wrong user name or password.' : err.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending} data-testid="login-submit">{login.isPending ? 'Logging in…' : 'Log in'}</button>
        <p className="muted small">First start? <code>gatehouse serve</code> printed the one-time password of <code>admin</code>.</p>
      </form>
    </main>
  );
}

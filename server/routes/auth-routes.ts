/** Key-signature login (server/auth/auth-service.ts): challenge, login, logout. */
import { issueChallenge, login, logout } from '../auth/auth-service';
import type { AppDeps } from '../context';
import type { RouteHandlers } from '../http/register-routes';

export const authHandlers = (deps: AppDeps): RouteHandlers<'authChallenge' | 'authLogin' | 'authLogout'> => ({
  authChallenge: async () => issueChallenge(deps),
  authLogin: async ({ body }) => login(deps, body),
  authLogout: async ({ req, reply }) => {
    await logout(deps, req.headers.authorization);
    return reply.code(204).send();
  },
});

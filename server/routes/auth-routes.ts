import type { FastifyPluginAsync } from 'fastify';
import { issueChallenge, login, logout } from '../auth/auth-service';
import type { AppDeps } from '../context';
import { ChallengeResponse, LoginBody, LoginResponse } from '../../domain/api/auth';
import { ErrorResponse } from '../../domain/api/common';

export const authRoutes: FastifyPluginAsync<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post('/api/v1/auth/challenge', { schema: { response: { 200: ChallengeResponse } } }, async () => issueChallenge(deps));
  app.post<{ Body: LoginBody }>(
    '/api/v1/auth/login',
    { schema: { body: LoginBody, response: { 200: LoginResponse, 401: ErrorResponse } } },
    async (req) => login(deps, req.body),
  );
  app.post('/api/v1/auth/logout', async (req, reply) => {
    await logout(deps, req.headers.authorization);
    return reply.code(204).send();
  });
};

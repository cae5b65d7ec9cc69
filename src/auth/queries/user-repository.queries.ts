import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../user-repository.js';
import { UserRepository } from '../user-repository.js';

const repo = (r: { db: ConstructorParameters<typeof UserRepository>[0] }) => new UserRepository(r.db);

export const userRepositoryQueries: RepositoryQueries = {
  repository: 'src/auth/user-repository.ts',
  module,
  queries: {
    'UserRepository.insert': (r) =>
      repo(r).insert({
        username: 'operator',
        passwordHash: 'hash',
        role: 'pemda_officer',
        regionCodes: ['53.01'],
        cooperativeId: null,
        totpSecret: null,
        createdBy: 'admin',
      }),
    'UserRepository.cooperativeExists': (r) => repo(r).cooperativeExists(9),
    'UserRepository.findByUsername': (r) => repo(r).findByUsername('operator'),
    'UserRepository.list': (r) => repo(r).list(),
    'UserRepository.find': (r) => repo(r).find(1),
    'UserRepository.claimTotpStep': (r) => repo(r).claimTotpStep(1, 59_000_000),
    'UserRepository.disable': (r) => repo(r).disable('operator'),
    'UserRepository.insertToken': (r) =>
      repo(r).insertToken({ userId: 1, kind: 'api', name: 'ci', tokenHash: 'h', expiresAt: null }),
    'UserRepository.findLiveToken': (r) => repo(r).findLiveToken('h'),
    'UserRepository.touchToken': (r) => repo(r).touchToken(1),
    'UserRepository.revokeTokenByHash': (r) => repo(r).revokeTokenByHash('h'),
    'UserRepository.revokeToken': (r) => repo(r).revokeToken(1),
    'UserRepository.listTokens': (r) => repo(r).listTokens(1),
  },
  notQueries: { toUserRecord: 'maps a row' },
};

/** What every route module gets: the database, the mode, and the caller of the request. */
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../accounts';
import type { Database } from '../db/database';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface ServerContext {
  db: Database;
  /** Stock Chatwoot behaviour: no sync extension. */
  strict: boolean;
  /** Bytes of JSON one list or feed page may hold (`PAGE_BYTE_BUDGET`; tests set less). */
  pageByteBudget: number;
}

/** The authenticated caller of a route inside the account scope. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route outside the authenticated scope');
  return request.principal;
}

/**
 * The HTTP server: Chatwoot's Application API for contacts under `/api/v1/accounts/:account_id`,
 * plus the sync extension (see server/README.md). `buildServer` returns a Fastify instance that is
 * not listening yet, so tests drive it with `inject`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate } from './accounts';
import { registerAttributeRoutes } from './attributes/routes';
import { registerContactRoutes } from './contacts/routes';
import { uniqueViolationAttribute } from './contacts/validate';
import { pgConstraint, pgErrorCode, type Database } from './db/database';
import { QUERY_CANCELED } from './db/pglite-thread';
import { PAGE_BYTE_BUDGET } from './http/page-budget';
import { assertStorableText } from './http/text-guard';
import type { ServerContext } from './http/context';
import { ApiError, humanize, invalidRecord, NOT_FOUND_BODY, notFound, parseId, unauthorized } from './http/errors';
import { registerInboxRoutes } from './inboxes/routes';
import { registerLabelRoutes } from './labels/routes';
import { registerNoteRoutes } from './notes/routes';
import { registerSegmentRoutes } from './segments/routes';
import { registerSyncRoutes } from './sync/routes';

export interface ServerOptions {
  db: Database;
  /** Stock Chatwoot behaviour: no sync extension, 15 a page, no versions or idempotency keys. */
  strict?: boolean;
  /** Pino options (structured JSON lines); false (the default) logs nothing. `stream` replaces stdout (tests read it). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Largest request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** Bytes of JSON one list or feed page may hold; `PAGE_BYTE_BUDGET` by default. */
  pageByteBudget?: number;
}

/** 1 MiB: a contact with generous custom attributes is a few KiB; a 20,000-character note is 80 KiB at most. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export const API_PREFIX = '/api/v1/accounts/:account_id';

const CORS_REQUEST_HEADERS = 'api_access_token, content-type, idempotency-key, if-match';

/** JSON.parse that refuses prototype-poisoning keys (what Fastify's default parser also does). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new SyntaxError('Forbidden key "__proto__"');
    return value;
  });
}

/**
 * The request line without its query (`search?q=<email>` names a person) and errors without SQL,
 * parameters or database detail (PGlite's errors carry the statement and its parameters; a
 * constraint's detail quotes the clashing value). What is left still says which route and which kind
 * of failure.
 */
export const LOG_SERIALIZERS = {
  req(request: { method: string; url: string; id?: string }) {
    return { method: request.method, url: request.url.split('?')[0], id: request.id };
  },
  err(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
    const code = pgErrorCode(error);
    const type = error instanceof Error ? error.constructor.name : typeof error;
    if (code !== undefined) {
      const fields = error as { severity?: unknown; routine?: unknown; table?: unknown; constraint?: unknown };
      // The message too can quote a value ("invalid input syntax for type integer: \"…\""): the code says enough.
      return { type, message: `database error ${code}`, stack: '', code, severity: fields.severity, routine: fields.routine, table: fields.table, constraint: fields.constraint };
    }
    return error instanceof Error ? { type, message: error.message, stack: error.stack ?? '' } : { type, message: 'non-error thrown', stack: '' };
  },
};

function loggerOptions(option: NonNullable<ServerOptions['logger']>) {
  if (option === false) return false;
  const base = option === true ? { level: 'info' } : option;
  return { ...base, serializers: LOG_SERIALIZERS };
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const context: ServerContext = { db: options.db, strict: options.strict ?? false, pageByteBudget: options.pageByteBudget ?? PAGE_BYTE_BUDGET };
  const logger = loggerOptions(options.logger ?? false);
  const common = {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true },
  };
  const app: FastifyInstance = Fastify({ ...common, logger });

  // An empty JSON body is an empty request (clients send DELETE with a JSON content type), not a 400.
  app.removeContentTypeParser('application/json');
  // JSON only: a form or text body gets 415 instead of reaching a handler as a string.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch {
      done(new ApiError(400, { error: 'Malformed JSON in request body' }), undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).headers(error.headers).send(error.body);
    }
    const attribute = pgErrorCode(error) === '23505' ? uniqueViolationAttribute(pgConstraint(error)) : null;
    if (attribute) {
      const invalid = invalidRecord([{ attribute, message: `${humanize(attribute)} has already been taken` }]);
      return reply.status(invalid.status).send(invalid.body);
    }
    if (pgErrorCode(error) === QUERY_CANCELED) {
      // A statement past the time budget (statement_timeout, or PGlite's watchdog): nothing was changed.
      request.log.warn({ err: error }, 'statement stopped by the time budget');
      return reply.status(503).header('retry-after', '5').send({ error: 'The request took too long and was stopped; try again, or narrow it' });
    }
    const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (status === 413) return reply.status(413).send({ error: 'Request body is too large' });
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: error instanceof Error ? error.message : 'Bad request' });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'Internal server error' });
  });

  // CORS, so the renderer in a plain browser (the web host) can sync too. Any origin is safe here:
  // the credential is a header a page must already hold, never a cookie the browser adds by itself.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS') return;
    await reply
      .status(204)
      .headers({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'access-control-allow-headers': CORS_REQUEST_HEADERS,
        'access-control-max-age': '600',
      })
      .send();
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'etag, idempotent-replayed');
    // Every answer is an account's data or about it: never sniffed as HTML, never kept by a cache.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });

  // NUL and unpaired surrogates would reach PostgreSQL and fail there as 500s.
  app.addHook('preValidation', async (request) => {
    assertStorableText(request);
  });

  app.setNotFoundHandler((_request, reply) => reply.status(404).send(NOT_FOUND_BODY));

  app.get('/health', async () => ({ ok: true }));

  app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => {
        const params = request.params as { account_id?: string };
        const accountId = parseId(params.account_id);
        const header = request.headers.api_access_token;
        const token = Array.isArray(header) ? header[0] : header;
        if (!token) throw new ApiError(401, { errors: ['You need to sign in or sign up before continuing.'] });
        const check = await authenticate(context.db, token, accountId);
        if (check.kind === 'invalid-token') throw unauthorized('Invalid Access Token');
        if (check.kind === 'not-member') {
          const { rows } = await context.db.query('SELECT 1 FROM accounts WHERE id = $1', [accountId]);
          if (rows.length === 0) throw notFound();
          throw unauthorized('You are not authorized to access this account');
        }
        request.principal = check.principal;
      });
      registerContactRoutes(scope, context);
      registerNoteRoutes(scope, context);
      registerAttributeRoutes(scope, context);
      registerSegmentRoutes(scope, context);
      registerLabelRoutes(scope, context);
      registerInboxRoutes(scope, context);
      registerSyncRoutes(scope, context);
    },
    { prefix: API_PREFIX },
  );

  return app;
}

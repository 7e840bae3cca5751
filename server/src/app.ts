/**
 * The HTTP server: Chatwoot's Application API for contacts under `/api/v1/accounts/:account_id`,
 * plus the sync extension (see server/README.md). `buildServer` returns a Fastify instance that is
 * not listening yet, so tests drive it with `inject`.
 */
import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
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
  /** Behind a load balancer: client addresses from X-Forwarded-For, request ids from X-Request-Id. */
  trustProxy?: boolean;
  /** Origins a browser may call the API from; undefined: any (the credential is a header, never a cookie). */
  corsOrigins?: readonly string[];
  /** Failed authentications allowed per client address per minute before 429 (default 20). */
  failedAuthPerMinute?: number;
  /** Bytes of JSON one list or feed page may hold; `PAGE_BYTE_BUDGET` by default. */
  pageByteBudget?: number;
}

/** 1 MiB: a contact with generous custom attributes is a few KiB; a 20,000-character note is 80 KiB at most. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export const API_PREFIX = '/api/v1/accounts/:account_id';

const CORS_REQUEST_HEADERS = ['api_access_token', 'content-type', 'idempotency-key', 'if-match'];
const CORS_EXPOSED_HEADERS = ['etag', 'idempotent-replayed', 'x-request-id'];

/**
 * A client guessing tokens gets 20 tries a minute per address, then 429 with Retry-After until the
 * minute is over; requests with a valid token are never counted. Per process: with several replicas
 * behind a balancer the budget is per replica (docs/deploy.md).
 */
export const DEFAULT_FAILED_AUTH_PER_MINUTE = 20;

/** Responses smaller than this are sent as they are: compressing them costs more than it saves. */
const COMPRESS_THRESHOLD_BYTES = 1024;

/** JSON.parse that refuses prototype-poisoning keys (what Fastify's default parser also does). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new SyntaxError('Forbidden key "__proto__"');
    return value;
  });
}

/** A database that does not answer `SELECT 1` within this time is not ready (a pool waiting on a dead host). */
export const READY_TIMEOUT_MS = 2_000;

async function databaseReachable(db: Database): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([db.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
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
  const trustProxy = options.trustProxy ?? false;
  const app: FastifyInstance = Fastify({
    ...common,
    logger,
    trustProxy,
    // A balancer's X-Request-Id (when trusted) ties its log line to ours; otherwise a fresh id.
    requestIdHeader: trustProxy ? 'x-request-id' : false,
    genReqId: () => randomUUID(),
  });

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

  // CORS, so the renderer in a plain browser (the web host) can sync too. Any origin is safe by
  // default: the credential is a header a page must already hold, never a cookie the browser adds by itself.
  app.register(cors, {
    origin: options.corsOrigins ? [...options.corsOrigins] : '*',
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  // gzip/brotli/deflate as the client accepts: list and feed pages are JSON that compresses ~10×.
  app.register(compress, { global: true, threshold: COMPRESS_THRESHOLD_BYTES });
  app.register(rateLimit, { global: false });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Every answer is an account's data or about it: never sniffed as HTML, never kept by a cache.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });

  // NUL and unpaired surrogates would reach PostgreSQL and fail there as 500s.
  app.addHook('preValidation', async (request) => {
    assertStorableText(request);
  });

  app.setNotFoundHandler((_request, reply) => reply.status(404).send(NOT_FOUND_BODY));

  // /health: the process answers (a load balancer's liveness check). /ready: it can also reach its
  // database, so it can serve (the readiness check: 503 sends traffic to the other replicas).
  app.get('/health', async () => ({ ok: true }));
  app.get('/ready', async (_request, reply) => {
    const reachable = await databaseReachable(context.db);
    return reply.status(reachable ? 200 : 503).send({ ok: reachable });
  });

  app.register(
    async (scope) => {
      const failedAuth = scope.createRateLimit({ max: options.failedAuthPerMinute ?? DEFAULT_FAILED_AUTH_PER_MINUTE, timeWindow: 60_000 });
      scope.addHook('onRequest', async (request) => {
        const params = request.params as { account_id?: string };
        const accountId = parseId(params.account_id);
        const header = request.headers.api_access_token;
        const token = Array.isArray(header) ? header[0] : header;
        // Peek first (a valid token is never counted); a failure below consumes one try.
        const limit = await failedAuth(request, { increment: false });
        if (!limit.isAllowed && limit.isExceeded) {
          throw new ApiError(429, { error: 'Too many failed authentication attempts; try again later' }, { 'retry-after': String(limit.ttlInSeconds) });
        }
        if (!token) throw new ApiError(401, { errors: ['You need to sign in or sign up before continuing.'] });
        const check = await authenticate(context.db, token, accountId);
        if (check.kind === 'invalid-token') {
          await failedAuth(request);
          throw unauthorized('Invalid Access Token');
        }
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

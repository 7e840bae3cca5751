/** What a load balancer and an operator see: liveness, readiness, request ids, CORS, compression, limits. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServer } from '../src/app';
import { ConfigError, parseConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { createHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('health and readiness', () => {
  test('/health and /ready answer 200 while the database answers', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await h.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true });
  });

  test('/ready answers 503 when the database fails, while /health stays 200', async () => {
    const broken: Database = { ...h.db, query: () => Promise.reject(new Error('connection refused')) };
    const app = buildServer({ db: broken });
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ ok: false });
    } finally {
      await app.close();
    }
  });

  test('/ready answers 503 when the database does not answer in time', async () => {
    const hanging: Database = { ...h.db, query: () => new Promise(() => undefined) };
    const app = buildServer({ db: hanging });
    try {
      // Without its own time budget /ready would never answer here, and the test would time out.
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });
});

describe('behind a load balancer', () => {
  test('every response names its request id; a trusted balancer’s X-Request-Id is kept', async () => {
    const own = await h.app.inject({ method: 'GET', url: '/health' });
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ignored = await h.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'from-the-client' } });
    expect(ignored.headers['x-request-id']).not.toBe('from-the-client');

    const app = buildServer({ db: h.db, trustProxy: true });
    try {
      const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'from-the-balancer' } });
      expect(kept.headers['x-request-id']).toBe('from-the-balancer');
    } finally {
      await app.close();
    }
  });

  test('CORS: any origin by default; with CORS_ORIGINS only those', async () => {
    const acct = await h.newAccount();
    const preflight = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'api_access_token' };
    const open = await h.app.inject({ method: 'OPTIONS', url: `${acct.base}/contacts`, headers: { origin: 'https://anywhere.example', ...preflight } });
    expect(open.headers['access-control-allow-origin']).toBe('*');

    const app = buildServer({ db: h.db, corsOrigins: ['https://desk.example.com'] });
    try {
      const allowed = await app.inject({ method: 'OPTIONS', url: `${acct.base}/contacts`, headers: { origin: 'https://desk.example.com', ...preflight } });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://desk.example.com');
      const refused = await app.inject({ method: 'OPTIONS', url: `${acct.base}/contacts`, headers: { origin: 'https://evil.example', ...preflight } });
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const reply = await app.inject({ method: 'GET', url: `${acct.base}/contacts`, headers: { origin: 'https://evil.example', api_access_token: acct.token } });
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  test('large JSON is compressed for clients that accept it, and decodes to the same body', async () => {
    const acct = await h.newAccount();
    for (let index = 0; index < 30; index++) {
      await h.app.inject({ method: 'POST', url: `${acct.base}/contacts`, headers: { api_access_token: acct.token }, payload: { name: `Compressed ${index}`, email: `c${index}@zip.test` } });
    }
    const plain = await h.app.inject({ method: 'GET', url: `${acct.base}/contacts`, headers: { api_access_token: acct.token } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await h.app.inject({ method: 'GET', url: `${acct.base}/contacts`, headers: { api_access_token: acct.token, 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  test('failed authentications are limited per address: 429 with Retry-After; valid tokens are never counted', async () => {
    const acct = await h.newAccount();
    const app = buildServer({ db: h.db, failedAuthPerMinute: 5 });
    try {
      const get = (token: string, ip = '203.0.113.7') => app.inject({ method: 'GET', url: `${acct.base}/contacts`, headers: { api_access_token: token }, remoteAddress: ip });
      for (let index = 0; index < 10; index++) expect((await get(acct.token)).statusCode).toBe(200);
      const statuses: number[] = [];
      for (let index = 0; index < 7; index++) statuses.push((await get(`wrong-${index}`)).statusCode);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      const limited = await get('wrong-again');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Limited even with the right token now (the address is guessing), but another address is not.
      expect((await get(acct.token)).statusCode).toBe(429);
      expect((await get(acct.token, '198.51.100.9')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('configuration for deployment', () => {
  test('DATABASE_POOL_SIZE, TRUST_PROXY and CORS_ORIGINS are read and checked', () => {
    expect(parseConfig([], {})).toMatchObject({ databasePoolSize: 10, trustProxy: false, corsOrigins: undefined });
    expect(parseConfig([], { DATABASE_POOL_SIZE: '25', TRUST_PROXY: 'true', CORS_ORIGINS: 'https://desk.example.com, http://localhost:5173' })).toMatchObject({
      databasePoolSize: 25,
      trustProxy: true,
      corsOrigins: ['https://desk.example.com', 'http://localhost:5173'],
    });
    expect(parseConfig([], { CORS_ORIGINS: '*' }).corsOrigins).toBeUndefined();
    expect(() => parseConfig([], { DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
    expect(() => parseConfig([], { CORS_ORIGINS: 'desk.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(() => parseConfig([], { CORS_ORIGINS: 'https://desk.example.com/path' })).toThrow(/scheme, host and port only/);
    expect(parseConfig(['migrate'], {}).command).toBe('migrate');
  });
});

/** What a load balancer and an operator see: liveness and readiness. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServer } from '../src/app';
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

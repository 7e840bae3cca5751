import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The deployment files, checked without Docker (none runs here): compose.yaml's services, ports and
 * health checks, the Caddyfile's upstreams, and the server image's Dockerfile.
 */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  restart?: string;
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const services = compose.services;
const dockerfile = readFileSync('server/Dockerfile', 'utf8');
const caddyfile = readFileSync('deploy/Caddyfile', 'utf8');

describe('compose.yaml', () => {
  it('runs PostgreSQL, two server replicas and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['db', 'lb', 'server1', 'server2']);
    expect(services.db?.image).toMatch(/^postgres:\d+/);
    expect(services.lb?.image).toMatch(/^caddy:\d/);
  });

  it('builds both replicas from server/Dockerfile and points them at the database', () => {
    for (const name of ['server1', 'server2']) {
      const server = services[name];
      expect(server?.build).toEqual({ context: '.', dockerfile: 'server/Dockerfile' });
      expect(server?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/wintook:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432\/wintook$/);
      expect(server?.environment?.HOST).toBe('0.0.0.0');
      expect(server?.environment?.PORT).toBe('3000');
      expect(server?.environment?.DATABASE_POOL_SIZE).toMatch(/^\d+$/);
      expect(server?.environment?.TRUST_PROXY).toBe('true');
      expect(server?.depends_on?.db?.condition).toBe('service_healthy');
      expect(server?.ports).toBeUndefined();
    }
  });

  it('exposes only the load balancer, which waits for healthy replicas', () => {
    const exposed = Object.entries(services).filter(([, service]) => service.ports);
    expect(exposed.map(([name]) => name)).toEqual(['lb']);
    expect(services.lb?.ports).toEqual(['8080:80']);
    expect(services.lb?.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(services.lb?.depends_on).toEqual({ server1: { condition: 'service_healthy' }, server2: { condition: 'service_healthy' } });
  });

  it('gives every service that others wait on a health check', () => {
    expect(services.db?.healthcheck?.test.join(' ')).toContain('pg_isready');
    for (const name of ['server1', 'server2']) expect(services[name]?.healthcheck?.test.join(' ')).toContain('/ready');
  });

  it('keeps the database on a named volume and needs a password from the environment', () => {
    expect(services.db?.volumes).toEqual(['db-data:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toEqual(['db-data']);
    expect(services.db?.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});

describe('deploy/Caddyfile', () => {
  it('balances over both replicas and routes only to ready ones', () => {
    expect(caddyfile).toMatch(/reverse_proxy server1:3000 server2:3000 \{/);
    expect(caddyfile).toMatch(/health_uri \/ready/);
    expect(caddyfile).toMatch(/^:80 \{/m);
  });
});

describe('server/Dockerfile', () => {
  const instructions = dockerfile
    .split('\n')
    .filter((line) => /^[A-Z]+\s/.test(line))
    .map((line) => line.split(/\s+/)[0]);

  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    const user = /^USER (\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
    // USER comes before the command it runs.
    expect(instructions.lastIndexOf('USER')).toBeLessThan(instructions.lastIndexOf('CMD'));
  });

  it('installs only production dependencies in the image it ships, and runs the compiled server', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/server\/dist server\/dist/);
    expect(runtime).toMatch(/^CMD \["node", "server\/dist\/main\.js"\]$/m);
  });

  it('has a health check on /ready', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD \[.*\/ready/m);
  });
});

/**
 * A tiny static file server on 127.0.0.1 and a free port, serving several build directories from ONE
 * origin: IndexedDB is per origin, so the app and the baseline page must share it to read the same
 * database.
 *
 * Files are revalidated as `vite preview` (sirv) does, the server issue 20 measured with: `no-cache`
 * plus an ETag, answered 304 when unchanged, so a reload reuses the cached script and V8's code
 * cache for it, as reopening an installed app's window does. Without validators every reload fetched
 * and compiled the ~1.6 MB of code again: first rows 1.2–1.5 s instead of 0.2–0.3 s at 100k.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export interface Mount {
  /** URL prefix, starting and ending with "/" ("/" for the root mount). */
  prefix: string;
  directory: string;
}

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** A weak validator from the file's size and modification time (sirv's form). */
async function etagOf(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? `W/"${info.size}-${info.mtime.getTime()}"` : null;
  } catch {
    return null;
  }
}

/** The file for a URL path and its validator, or null; paths without an extension fall back to the mount's index.html. */
async function resolveFile(mounts: readonly Mount[], urlPath: string): Promise<{ path: string; etag: string } | null> {
  const mount = [...mounts]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((candidate) => urlPath === candidate.prefix.slice(0, -1) || urlPath.startsWith(candidate.prefix));
  if (!mount) return null;
  const relative = decodeURIComponent(urlPath.slice(mount.prefix.length - 1));
  const root = normalize(mount.directory);
  const candidate = normalize(join(root, relative));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  const etag = await etagOf(candidate);
  if (etag !== null) return { path: candidate, etag };
  if (extname(candidate) === '') {
    const index = join(root, 'index.html');
    const indexEtag = await etagOf(index);
    if (indexEtag !== null) return { path: index, etag: indexEtag };
  }
  return null;
}

export async function startStaticServer(mounts: readonly Mount[]): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    resolveFile(mounts, urlPath)
      .then((file) => {
        if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        const headers = {
          'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          etag: file.etag,
        };
        if (request.headers['if-none-match'] === file.etag) {
          response.writeHead(304, headers).end();
          return;
        }
        response.writeHead(200, headers);
        if (request.method === 'HEAD') response.end();
        else createReadStream(file.path).pipe(response);
      })
      .catch(() => response.writeHead(500).end());
  });
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

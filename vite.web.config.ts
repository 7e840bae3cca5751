import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

/**
 * The renderer's Vite config. Electron-vite's renderer section uses it as it is, and on its own it
 * serves or builds the same renderer for a plain browser (the web host), which is how the app is
 * used and tested where no Electron binary exists.
 */
export const rendererRoot = resolve(import.meta.dirname, 'src/renderer');

const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'chrome130',
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        index: resolve(rendererRoot, 'index.html'),
      },
    },
  },
};

const port = Number(process.env.PORT ?? 5173);
/** Where the web build goes; parallel test runs on one machine each use their own (WEB_OUT_DIR). */
const outDir = resolve(import.meta.dirname, process.env.WEB_OUT_DIR ?? 'dist-web');

/**
 * In a plain browser the renderer itself talks to the sync server, so the web build's CSP allows
 * http(s) connections; in Electron main performs every remote request and the CSP stays 'self'.
 */
const webHostCsp = {
  name: 'wintook-web-host-csp',
  transformIndexHtml: (html: string) => html.replace("connect-src 'self'", "connect-src 'self' http: https:"),
};

export default defineConfig({
  ...rendererConfig,
  plugins: [...(rendererConfig.plugins ?? []), webHostCsp],
  build: { ...rendererConfig.build, outDir, emptyOutDir: true },
  server: { host: '127.0.0.1', port, strictPort: true },
  preview: { host: '127.0.0.1', port, strictPort: true },
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder copies npm's production tree (`dependencies`, transitively) into app.asar. electron-vite
 * bundles main, preload and renderer with everything they import (`externalizeDeps: false`,
 * electron.vite.config.ts), so the packaged app needs none of it: every package belongs in
 * devDependencies, and anything that appears in the production tree ships to every user for nothing.
 * A package main truly loads at run time (not bundled) is added here on purpose, with the reason.
 */
const ALLOWED_IN_PRODUCTION: ReadonlySet<string> = new Set<string>();

interface NpmLsNode {
  dependencies?: Record<string, NpmLsNode>;
}

function productionPackages(): string[] {
  // --workspaces=false: the server (a workspace, server/package.json) is not a dependency of the app, and
  // electron-builder copies only what the root package.json names (npm list's `_dependencies`).
  const json = execFileSync('npm', ['ls', '--omit=dev', '--all', '--json', '--workspaces=false'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const names = new Set<string>();
  const walk = (node: NpmLsNode): void => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (names.has(name)) continue;
      names.add(name);
      walk(child);
    }
  };
  walk(JSON.parse(json) as NpmLsNode);
  return [...names].sort();
}

describe('the packaged app’s production tree', () => {
  it('holds only the packages main loads at run time', () => {
    expect(productionPackages().filter((name) => !ALLOWED_IN_PRODUCTION.has(name))).toEqual([]);
  });

  it('is declared so in package.json', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).filter((name) => !ALLOWED_IN_PRODUCTION.has(name))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../data/sync/engine';
import { statusView } from './statusText';

const base: SyncStatus = { phase: 'idle', waiting: 0, rejected: 0, conflicts: 0, progress: null, lastSyncedAt: 1000, retryAt: null, message: null };

describe('footer status', () => {
  it('picks the message the issue asks for', () => {
    expect(statusView(base, false)).toEqual({ kind: 'disconnected' });
    expect(statusView({ ...base, phase: 'offline', waiting: 12 }, true)).toEqual({ kind: 'offline', waiting: 12 });
    expect(statusView({ ...base, phase: 'syncing', progress: { done: 40, total: 100 } }, true)).toEqual({ kind: 'syncing', percent: 40 });
    expect(statusView({ ...base, phase: 'syncing', progress: { done: 5, total: null } }, true)).toEqual({ kind: 'syncing', percent: null });
    expect(statusView({ ...base, phase: 'syncing', progress: { done: 150, total: 100 } }, true)).toEqual({ kind: 'syncing', percent: 100 });
    expect(statusView(base, true)).toEqual({ kind: 'up-to-date', lastSyncedAt: 1000 });
    expect(statusView({ ...base, rejected: 1 }, true)).toEqual({ kind: 'problem' });
    expect(statusView({ ...base, phase: 'error' }, true)).toEqual({ kind: 'problem' });
    expect(statusView({ ...base, phase: 'paused', rejected: 3 }, true)).toEqual({ kind: 'paused' });
    expect(statusView({ ...base, waiting: 2 }, true)).toEqual({ kind: 'waiting', waiting: 2 });
  });

  it('never says "Up to date" while a local change no count has seen yet is waiting', () => {
    expect(statusView(base, true, true, true)).toEqual({ kind: 'waiting', waiting: 1 });
    expect(statusView({ ...base, waiting: 3 }, true, true, true)).toEqual({ kind: 'waiting', waiting: 3 });
    expect(statusView(base, true, false, true)).toEqual({ kind: 'offline', waiting: 1 });
    // What says more than "waiting" still shows.
    expect(statusView({ ...base, phase: 'syncing' }, true, true, true)).toEqual({ kind: 'syncing', percent: null });
    expect(statusView({ ...base, rejected: 1 }, true, true, true)).toEqual({ kind: 'problem' });
    expect(statusView(base, false, true, true)).toEqual({ kind: 'disconnected' });
  });

  it('is not "Up to date" before any run has ended well', () => {
    expect(statusView({ ...base, lastSyncedAt: null }, true)).toEqual({ kind: 'syncing', percent: null });
  });

  it('says offline when the browser is offline, whatever the last run reported', () => {
    expect(statusView({ ...base, waiting: 3 }, true, false)).toEqual({ kind: 'offline', waiting: 3 });
    expect(statusView({ ...base, phase: 'syncing', progress: { done: 1, total: 2 } }, true, false)).toEqual({ kind: 'offline', waiting: 0 });
    // Not connected to a server, or signed out: those say more than "offline".
    expect(statusView(base, false, false)).toEqual({ kind: 'disconnected' });
    expect(statusView({ ...base, phase: 'paused' }, true, false)).toEqual({ kind: 'paused' });
  });
});

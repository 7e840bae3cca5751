import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fitWindowState } from './policies';
import { readSavedWindowState, writeWindowState, WINDOW_STATE_FILE_NAME } from './window-state';

const display = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state file', () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'wintook-window-state-'));
    file = join(directory, 'nested', WINDOW_STATE_FILE_NAME);
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('round-trips a state through the file', () => {
    const state = { x: 10, y: 20, width: 1000, height: 700, isMaximized: true };
    expect(writeWindowState(file, state)).toBe(true);
    expect(readSavedWindowState(file)).toEqual(state);
    expect(fitWindowState(readSavedWindowState(file), [display])).toEqual(state);
    expect(readdirSync(join(directory, 'nested'))).toEqual([WINDOW_STATE_FILE_NAME]);
  });

  it('reads a missing file as null', () => {
    expect(readSavedWindowState(file)).toBeNull();
  });

  it.each(['', '{', 'null', '{"x":"a"}', '\u0000\u0001', '[1,2]'])(
    'opens with defaults, never a crash, for the content %j',
    (content) => {
      writeFileSync(join(directory, 'state.json'), content);
      const state = fitWindowState(readSavedWindowState(join(directory, 'state.json')), [display]);
      expect(state).toEqual({ x: 320, y: 120, width: 1280, height: 800, isMaximized: false });
    },
  );

  it('keeps the last good file instead of writing an invalid state', () => {
    writeWindowState(file, { x: 1, y: 2, width: 800, height: 600, isMaximized: false });
    expect(writeWindowState(file, { x: Number.NaN, y: 2, width: 800, height: 600, isMaximized: false })).toBe(
      false,
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      x: 1,
      y: 2,
      width: 800,
      height: 600,
      isMaximized: false,
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GridApi } from 'ag-grid-community';
import type { Contact } from '../../../shared/contact';
import { fillInSteps } from './gridFill';
import { HEADER_HEIGHT, ROW_HEIGHT } from './gridTheme';

/** A grid API that records what the fill asks of it. */
function fakeGrid() {
  const options: Record<string, unknown> = { rowBuffer: 5 };
  const calls: string[] = [];
  const api = {
    getGridOption: (key: string) => options[key],
    setGridOption: (key: string, value: unknown) => {
      options[key] = value;
      calls.push(`${key}=${String(value)}`);
    },
    refreshInfiniteCache: () => calls.push('refresh'),
    isDestroyed: () => false,
  };
  return { api: api as unknown as GridApi<Contact>, options, calls };
}

function fakeBox(areaHeight: number) {
  const style: Record<string, string> & { removeProperty(name: string): void } = {
    removeProperty(name: string) {
      delete style[name];
    },
  } as never;
  return { style, parentElement: { clientHeight: areaHeight } } as unknown as HTMLDivElement;
}

describe('fillInSteps', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(0), 16));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('draws the first rows without the row buffer, grows to the area, then gives the buffer back', () => {
    const { api, options, calls } = fakeGrid();
    const box = fakeBox(HEADER_HEIGHT + 20 * ROW_HEIGHT);
    fillInSteps(api, box);
    expect(options.rowBuffer).toBe(0);
    expect(box.style.height).toBe(`${HEADER_HEIGHT + 3 * ROW_HEIGHT}px`);
    vi.advanceTimersByTime(20);
    expect(calls).toEqual(['rowBuffer=0', 'refresh']);
    // 3 → 8 → 13 → 18 rows, one step per frame, then the whole area.
    vi.advanceTimersByTime(16 * 3);
    expect(box.style.height).toBe(`${HEADER_HEIGHT + 18 * ROW_HEIGHT}px`);
    expect(options.rowBuffer).toBe(0);
    vi.advanceTimersByTime(16);
    expect(box.style.height).toBeUndefined();
    vi.advanceTimersByTime(40);
    expect(options.rowBuffer).toBe(5);
    expect(calls.at(-1)).toBe('rowBuffer=5');
  });
});

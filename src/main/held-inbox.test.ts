import { describe, expect, it, vi } from 'vitest';
import { createHeldInbox } from './held-inbox';

describe('createHeldInbox', () => {
  it('holds items until the renderer listens, then delivers them in order, and later ones at once', () => {
    const deliver = vi.fn<(item: number) => void>();
    const inbox = createHeldInbox(deliver, 4);
    inbox.add(1);
    inbox.add(2);
    expect(deliver).not.toHaveBeenCalled();
    inbox.setReady(true);
    inbox.add(3);
    expect(deliver.mock.calls.map(([item]) => item)).toEqual([1, 2, 3]);
    expect(inbox.pending).toBe(0);
  });

  it('holds again while the page reloads, keeping only the first items up to its capacity', () => {
    const deliver = vi.fn<(item: string) => void>();
    const inbox = createHeldInbox(deliver, 2);
    inbox.setReady(true);
    inbox.setReady(false);
    for (const item of ['a', 'b', 'c']) inbox.add(item);
    expect(inbox.pending).toBe(2);
    inbox.setReady(true);
    expect(deliver.mock.calls.map(([item]) => item)).toEqual(['a', 'b']);
  });
});

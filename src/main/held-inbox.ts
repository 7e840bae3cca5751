/**
 * Holds what arrives for the renderer (files opened with the app, contact links) until the
 * renderer listens, then hands it over in order. Something can arrive before the window exists
 * (macOS sends `open-file`/`open-url` before `ready`), while the page loads, or after a reload; none
 * of it is lost. `setReady(false)` when the page starts loading again, `setReady(true)` when the
 * renderer says it listens.
 */
export interface HeldInbox<T> {
  add(item: T): void;
  setReady(ready: boolean): void;
  /** How many are waiting (for logs and tests). */
  readonly pending: number;
}

/** Items beyond `capacity` that arrive while nobody listens are dropped: the first ones are kept. */
export function createHeldInbox<T>(deliver: (item: T) => void, capacity: number): HeldInbox<T> {
  const queue: T[] = [];
  let ready = false;
  return {
    add(item) {
      if (ready) deliver(item);
      else if (queue.length < capacity) queue.push(item);
    },
    setReady(next) {
      ready = next;
      while (ready && queue.length > 0) deliver(queue.shift()!);
    },
    get pending() {
      return queue.length;
    },
  };
}

/**
 * Input first: work a burst schedules for the list (a sync's or an import's refreshes) waits while
 * the user is typing, so a keystroke's own refresh does not queue behind it. During a 100k first sync
 * a burst refresh (the index's view over the newcomers, the count, the rows) landed inside a third
 * of the search keystrokes traced, adding 13–54 ms to each (docs/benchmarks.md "The list during a burst").
 */

/** How long after the last key or input a burst's refresh waits. */
export const INPUT_QUIET_MS = 250;

let lastInputAt = Number.NEGATIVE_INFINITY;
let listening = false;

function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  const noteInput = () => {
    lastInputAt = performance.now();
  };
  // Capture: seen before any handler, whatever element has focus.
  window.addEventListener('keydown', noteInput, { capture: true, passive: true });
  window.addEventListener('input', noteInput, { capture: true, passive: true });
}

/** Milliseconds until INPUT_QUIET_MS have passed since the last key or input (0 when they have). */
export function inputQuietIn(now: number = performance.now()): number {
  listen();
  return Math.max(0, lastInputAt + INPUT_QUIET_MS - now);
}

/**
 * `setTimeout(run, delay)`, and then later again for as long as the user is typing. Returns a
 * function that cancels it.
 */
export function afterInputQuiet(run: () => void, delay = 0): () => void {
  listen();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    const wait = inputQuietIn();
    if (wait > 0) timer = setTimeout(attempt, wait);
    else run();
  };
  timer = setTimeout(attempt, delay);
  return () => clearTimeout(timer);
}

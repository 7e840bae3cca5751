/** Summary statistics for benchmark samples: medians, because this 2-core machine is shared and noisy. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples were taken (failed runs are left out). */
  count: number;
}

export function summarize(samples: readonly number[]): Summary | null {
  const finite = samples.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const middle = Math.floor(finite.length / 2);
  const median = finite.length % 2 === 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
  return { median, min: finite[0], max: finite[finite.length - 1], count: finite.length };
}

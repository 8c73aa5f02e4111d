/** "8 hours", "7 days", "45 minutes": how long a token lives, for people. */
export function humanDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

const usualLifetimes = [3_600, 8 * 3_600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400];

/**
 * The lifetimes a download offers: the usual ones up to the server's maximum, the default, and the
 * maximum itself, shortest first (never beyond the maximum, which the BFF refuses).
 */
export function lifetimeChoices(defaultSeconds: number, maxSeconds: number): number[] {
  const all = [...usualLifetimes, defaultSeconds, maxSeconds].filter(
    (s) => s >= 600 && s <= maxSeconds,
  );
  return [...new Set(all)].sort((a, b) => a - b);
}

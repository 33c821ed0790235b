/** Seconds of a budget written `90`, `90s`, `10m` or `1h` (a one-line error otherwise). */
export function parseBudget(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(text);
  if (!m) throw new RangeError(`--budget must look like 90s, 10m or 1h, got '${text}'`);
  const n = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  if (!(n > 0)) throw new RangeError(`--budget must be positive, got '${text}'`);
  return n;
}

/** Cents to a price as a host reads it: ¥12.90, ¥12 when whole. */
export function yuan(cents: number): string {
  const whole = cents % 100 === 0;
  return `¥${(cents / 100).toFixed(whole ? 0 : 2)}`;
}

/** A price typed in yuan ("12.9", "12") to cents, or null if it is not a price. */
export function centsFromYuan(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed) * 100);
}

/** A whole number typed into a field, or null if it is empty or not whole. */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** Milliseconds as m:ss (or s.s under ten seconds, where tenths matter to a sell-out). */
export function duration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** A rate as the panel shows it: one decimal under ten, whole above. */
export function rate(n: number): string {
  return n < 10 ? n.toFixed(1).replace(/\.0$/, "") : Math.round(n).toLocaleString("en");
}

export function count(n: number): string {
  return n.toLocaleString("en");
}

/** Clock time of a server timestamp, for the winners list. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

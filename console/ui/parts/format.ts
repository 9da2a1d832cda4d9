import type { HostLocale } from "../../i18n/index.js";

/** Cents to a price as a host reads it: ¥12.90, ¥12 when whole (the widget writes prices the same way). */
export { yuanPrice as yuan } from "../../../client/money.js";

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

/**
 * A span of time that reads as one, never as a clock time: "14.2 s", "2 min 5 s", "14.2 秒",
 * "2 分 5 秒". Tenths under a minute, where they matter to a sell-out; `whole` counts down in
 * whole seconds, rounding up, so a countdown never shows 0 while time is left.
 */
export function duration(ms: number, locale: HostLocale, options: { whole?: boolean } = {}): string {
  const zh = locale === "zh-CN";
  const seconds = zh ? "秒" : "s";
  const minutes = zh ? "分" : "min";
  const tenths = Math.round(Math.max(0, ms) / 100);
  if (!options.whole && tenths < 600) return `${(tenths / 10).toFixed(1)} ${seconds}`;
  const total = options.whole ? Math.ceil(Math.max(0, ms) / 1000) : Math.round(ms / 1000);
  if (total < 60) return `${total} ${seconds}`;
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m} ${minutes}` : `${m} ${minutes} ${s} ${seconds}`;
}

/**
 * A coupon's name with its terms, each said once: the terms are left out when the name already
 * states every figure they do ("满200减20" needs no "· 满200减20"; "Member coupon" gets them).
 */
export function nameWithTerms(name: string, terms: string): string {
  return statesTerms(name, terms) ? name : `${name} · ${terms}`;
}

export function statesTerms(name: string, terms: string): boolean {
  const figures = (text: string) => text.match(/\d+(?:\.\d+)?/g) ?? [];
  const said = new Set(figures(name));
  return figures(terms).every((figure) => said.has(figure));
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

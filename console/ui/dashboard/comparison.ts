import type { Verdict } from "../../../protocol/insight.js";
import { fill, type HostStrings } from "../../i18n/index.js";
import { points } from "./figures.js";

/** One side's rate against another's, as the dashboard words it (experiments' arms, automations' holdouts). */
export interface ComparisonLine {
  arm: string;
  against: string;
  /** the metric, in words */
  metric: string;
  /** in ratio units; null while a side has no one to count */
  diff: number | null;
  low: number | null;
  high: number | null;
  verdict: Verdict;
}

/** "b vs a, claim rate: +5.0 pts (95% CI +2.1 to +7.9) — better", or that there is not enough data yet. */
export function comparisonText(t: HostStrings, c: ComparisonLine): string {
  const verdict = (t as unknown as Record<string, string>)[`verdict_${c.verdict}`] ?? c.verdict;
  if (c.verdict === "not_enough_data" || c.diff === null || c.low === null || c.high === null)
    return fill(t.comparisonPending, {
      arm: c.arm,
      against: c.against,
      metric: c.metric,
      verdict: t.verdict_not_enough_data,
    });
  const line = fill(t.comparison, {
    arm: c.arm,
    against: c.against,
    metric: c.metric,
    diff: points(c.diff),
    low: points(c.low),
    high: points(c.high),
  });
  return `${line} — ${verdict}`;
}

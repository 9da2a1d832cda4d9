import type { CommentBatch, HostComment } from "../../protocol/index.js";
import { entranceLines } from "../domain/presence.js";

/** Comments shown per batch: enough to feel alive, few enough that a storm costs the same as a trickle. */
const SAMPLE_SIZE = 8;
/** Seconds the host's per-second rates are averaged over. */
const RATE_WINDOW_S = 3;
/** Arrivals kept by name between entrance flushes; the rest of a crowd is only counted. */
const ARRIVALS_KEPT = 64;

/**
 * One room's comments between two flushes: counts for the storm and a small sample (the newest
 * few) to show. Rates for the host panel come from per-second buckets of a monotonic clock,
 * which measures the storm rather than the business clock.
 */
export class CommentFeed {
  private count = 0;
  private matches = 0;
  private sample: HostComment[] = [];
  /** viewers of an announced tier who came in since the last entrance lines went out */
  private arrivals: { name: string; tier: number }[] = [];
  private readonly seconds = new Map<number, { comments: number; matches: number }>();

  constructor(private readonly monotonic: () => number = () => performance.now()) {}

  add(comment: HostComment, matched: boolean): void {
    this.count++;
    if (matched) this.matches++;
    this.sample.push(comment);
    if (this.sample.length > SAMPLE_SIZE) this.sample.shift();
    const second = Math.floor(this.monotonic() / 1000);
    const bucket = this.seconds.get(second) ?? { comments: 0, matches: 0 };
    bucket.comments++;
    if (matched) bucket.matches++;
    this.seconds.set(second, bucket);
  }

  /** An arrival to announce; a crowd of them becomes a few lines (domain/presence.ts). */
  arrive(arrival: { name: string; tier: number }): void {
    // a crowd joining at once only needs the first few names and a count per tier
    if (this.arrivals.length < ARRIVALS_KEPT) this.arrivals.push(arrival);
    else this.arrivalsDropped.set(arrival.tier, (this.arrivalsDropped.get(arrival.tier) ?? 0) + 1);
  }
  private readonly arrivalsDropped = new Map<number, number>();

  /**
   * The batch since the last flush, or null when nobody said anything: as the room gets it, and
   * its sample as the host consoles get it, with who said each comment.
   */
  flush(withEntrances = true): { room: CommentBatch; hosts: HostComment[] } | null {
    const entrances = withEntrances ? this.entrances() : [];
    if (this.count === 0 && entrances.length === 0) return null;
    const hosts = this.sample;
    // viewers see names, never other viewers' ids
    const sample = hosts.map(({ viewerId: _who, ...comment }) => comment);
    const room: CommentBatch = {
      count: this.count,
      matches: this.matches,
      sample,
      ...(entrances.length > 0 ? { entrances } : {}),
    };
    this.count = 0;
    this.matches = 0;
    this.sample = [];
    return { room, hosts };
  }

  private entrances() {
    if (this.arrivals.length === 0) return [];
    const lines = entranceLines(this.arrivals).map((line) => ({
      ...line,
      others: line.others + (this.arrivalsDropped.get(line.tier) ?? 0),
    }));
    this.arrivals = [];
    this.arrivalsDropped.clear();
    return lines;
  }

  /** Comments and keyword matches per second over the last few seconds. */
  rates(): { commentsPerSecond: number; matchesPerSecond: number } {
    const now = Math.floor(this.monotonic() / 1000);
    let comments = 0;
    let matches = 0;
    for (const [second, bucket] of this.seconds) {
      if (second <= now - RATE_WINDOW_S) {
        this.seconds.delete(second);
        continue;
      }
      comments += bucket.comments;
      matches += bucket.matches;
    }
    const round = (n: number) => Math.round((n / RATE_WINDOW_S) * 10) / 10;
    return { commentsPerSecond: round(comments), matchesPerSecond: round(matches) };
  }
}

/**
 * The viewer channels whose last socket on this node left within connection state recovery's
 * window: a session of theirs may still come back and be replayed what was pushed meanwhile.
 *
 * Why it exists: with recovery on, socket.io's in-memory adapter keeps every packet pushed to a
 * room for the whole window, whether or not anyone is in it. A sweep pushes a coupon and a touch
 * to each viewer it sends to, nearly all of them offline: at a million members the server kept
 * hundreds of megabytes of such packets, and collecting that heap stopped its event loop for tens
 * of milliseconds at a time (docs/benchmarks.md, "A million members swept"). A push to a channel
 * with no socket here and none that left recently reaches nobody, so it is not made.
 */
export class RecentlyLeft {
  /** channel → when its socket left, oldest first (a channel noted again moves to the end) */
  private readonly left = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  note(channel: string): void {
    const at = this.now();
    this.left.delete(channel);
    this.left.set(channel, at);
    for (const [oldest, leftAt] of this.left) {
      if (at - leftAt <= this.windowMs) break;
      this.left.delete(oldest);
    }
  }

  has(channel: string): boolean {
    const at = this.left.get(channel);
    if (at === undefined) return false;
    if (this.now() - at <= this.windowMs) return true;
    this.left.delete(channel);
    return false;
  }
}

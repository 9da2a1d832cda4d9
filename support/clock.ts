import type { Clock } from "../server/clock.js";

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.UTC(2026, 10, 2, 4, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

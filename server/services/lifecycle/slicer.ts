/**
 * SQLite answers synchronously under Kysely's promises, so a sweep never lets the event loop
 * turn by itself: without a pause it would hold every socket and request of this node until it
 * ends. A pause every few milliseconds of work keeps them served at the cost of one turn of the
 * loop per slice, not one per viewer.
 */
export class Slicer {
  private since = performance.now();
  constructor(private readonly sliceMs: number) {}

  async pause(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}

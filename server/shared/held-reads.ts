/**
 * Values read from the database and held for a while, per key: the shop a comment belongs to,
 * the shop's mute list. Once a value is older than `freshMs`, the next caller starts a new read
 * but is answered with the held value while that read is in flight, as long as the held value is
 * younger than `servableMs`. Why: in a storm of comments, a read that every comment awaited held
 * the whole room behind one Postgres round trip taken on a busy event loop (hundreds of
 * milliseconds on a loaded machine, for every claim that arrived meanwhile). A value older than
 * `servableMs` (no comment for a while) is read again before anyone is answered, so a change made
 * elsewhere is never seen later than that.
 */
export class HeldReads<K, V> {
  private readonly held = new Map<K, Held<V>>();

  constructor(
    private readonly freshMs: number,
    private readonly servableMs: number,
    private readonly now: () => number,
  ) {}

  get(key: K, read: () => Promise<V>): Promise<V> {
    const now = this.now();
    const entry = this.held.get(key);
    // a clock that went back (a test's) makes the held value as stale as can be
    const age = entry && now >= entry.at ? now - entry.at : Number.POSITIVE_INFINITY;
    if (entry && (age < this.freshMs || !entry.ready)) return entry.value;
    if (entry && age < this.servableMs) {
      if (!entry.refreshing) this.refresh(key, entry, read, now);
      return entry.value;
    }
    return this.start(key, read, now).value;
  }

  /**
   * Drops the held value after a change made here, so the next caller reads it as committed.
   * A read already in flight, started before the change, no longer replaces anything.
   */
  forget(key: K): void {
    this.held.delete(key);
  }

  private start(key: K, read: () => Promise<V>, now: number): Held<V> {
    const entry: Held<V> = { value: read(), at: now, ready: false, refreshing: false };
    entry.value.then(
      () => {
        entry.ready = true;
      },
      () => this.drop(key, entry),
    );
    this.held.set(key, entry);
    return entry;
  }

  private refresh(key: K, entry: Held<V>, read: () => Promise<V>, now: number): void {
    entry.refreshing = true;
    read().then(
      (value) => {
        if (this.held.get(key) !== entry) return;
        this.held.set(key, { value: Promise.resolve(value), at: now, ready: true, refreshing: false });
      },
      // the next caller reads for itself, and hears the error if it persists
      () => this.drop(key, entry),
    );
  }

  private drop(key: K, entry: Held<V>): void {
    if (this.held.get(key) === entry) this.held.delete(key);
  }
}

interface Held<V> {
  value: Promise<V>;
  /** when the read that gave the value began */
  at: number;
  ready: boolean;
  refreshing: boolean;
}

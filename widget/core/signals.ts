/**
 * The overlay's reactive values: `signal`, `computed`, `effect` and `untracked`, with the
 * semantics of @preact/signals-core for what the overlay uses, in about a third of its bytes
 * (every byte here is the script tag's first load).
 *
 * - Reading `.value` inside a computed or an effect subscribes it; `.peek()` reads without.
 * - Writing a different value notifies synchronously: effects run again before the write returns.
 * - A computed is lazy and cached; an effect whose computed sources recompute to the same value
 *   does not run again (each source carries a version, and an observer remembers the versions it read).
 * - Dependencies are tracked afresh on every run, so a branch not taken stops subscribing.
 * - An effect may return a cleanup, run before its next run and when it is disposed.
 * - `subscribe(fn)` is an effect reading one value: what a page script can use on
 *   `Encore.current.models` without a signals library of its own.
 */

interface Observer {
  /** each source read on the last run, with the version it had then */
  deps: Map<Source<unknown>, number>;
  notify(): void;
}

let running: Observer | undefined;
let writing = 0;
const pending = new Set<Effect>();

abstract class Source<T> {
  version = 0;
  readonly subscribers = new Set<Observer>();
  abstract peek(): T;
  /** a computed brings itself up to date; a signal always is */
  refresh(): void {}
  protected track(): void {
    if (!running) return;
    running.deps.set(this, this.version);
    this.subscribers.add(running);
  }
  toString(): string {
    return String(this.value);
  }
  /** `fn(value)` now and after each change, until the returned function is called */
  subscribe(fn: (value: T) => void): () => void {
    return effect(() => fn(this.value));
  }
  get value(): T {
    this.refresh();
    this.track();
    return this.peek();
  }
}

export class Signal<T = unknown> extends Source<T> {
  constructor(private current: T) {
    super();
  }
  peek(): T {
    return this.current;
  }
  override get value(): T {
    this.track();
    return this.current;
  }
  override set value(next: T) {
    if (Object.is(next, this.current)) return;
    this.current = next;
    this.version++;
    writing++;
    try {
      for (const observer of [...this.subscribers]) observer.notify();
    } finally {
      writing--;
    }
    if (writing === 0) flush();
  }
}

export type ReadonlySignal<T = unknown> = Omit<Signal<T>, "value"> & { readonly value: T };

/** True when a source read on the last run has moved on since (computed sources are refreshed first). */
function changed(observer: Observer): boolean {
  for (const [source, seen] of observer.deps) {
    source.refresh();
    if (source.version !== seen) return true;
  }
  return false;
}

function unsubscribe(observer: Observer): void {
  for (const source of observer.deps.keys()) source.subscribers.delete(observer);
  observer.deps.clear();
}

function runTracked<R>(observer: Observer, fn: () => R): R {
  unsubscribe(observer);
  const outer = running;
  running = observer;
  try {
    return fn();
  } finally {
    running = outer;
  }
}

class Computed<T> extends Source<T> implements Observer {
  readonly deps = new Map<Source<unknown>, number>();
  private stale = true;
  private computedOnce = false;
  private current: T | undefined;
  private failure: { error: unknown } | undefined;
  constructor(private readonly fn: () => T) {
    super();
  }
  notify(): void {
    if (this.stale) return;
    this.stale = true;
    for (const observer of [...this.subscribers]) observer.notify();
  }
  override refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    if (this.computedOnce && !changed(this)) return;
    this.computedOnce = true;
    try {
      const next = runTracked(this, this.fn);
      if (this.failure || !Object.is(next, this.current)) this.version++;
      this.current = next;
      this.failure = undefined;
    } catch (error) {
      this.failure = { error };
      this.version++;
    }
  }
  peek(): T {
    this.refresh();
    if (this.failure) throw this.failure.error;
    return this.current as T;
  }
}

class Effect implements Observer {
  readonly deps = new Map<Source<unknown>, number>();
  private cleanup: unknown;
  private disposed = false;
  constructor(private readonly fn: () => unknown) {}
  notify(): void {
    pending.add(this);
  }
  run(first = false): void {
    if (this.disposed || (!first && !changed(this))) return;
    this.clean();
    this.cleanup = runTracked(this, this.fn);
  }
  dispose = (): void => {
    this.disposed = true;
    pending.delete(this);
    unsubscribe(this);
    this.clean();
  };
  private clean(): void {
    const cleanup = this.cleanup;
    this.cleanup = undefined;
    if (typeof cleanup === "function") untracked(cleanup as () => void);
  }
}

/** Runs the effects a write woke, and those their own writes wake, until none is left. */
function flush(): void {
  writing++;
  try {
    for (let rounds = 0; pending.size > 0; rounds++) {
      if (rounds > 1000) throw new Error("signals: an effect keeps waking itself");
      const [next] = pending;
      pending.delete(next as Effect);
      (next as Effect).run();
    }
  } finally {
    writing--;
  }
}

export function signal<T>(value: T): Signal<T> {
  return new Signal(value);
}

export function computed<T>(fn: () => T): ReadonlySignal<T> {
  return new Computed(fn);
}

/** Runs `fn` now and again whenever what it read changes; returns its disposer. */
export function effect(fn: () => unknown): () => void {
  const effect = new Effect(fn);
  // what the first run writes wakes other effects after it, as any later run's writes do
  writing++;
  try {
    effect.run(true);
  } catch (error) {
    effect.dispose();
    throw error;
  } finally {
    writing--;
  }
  if (writing === 0) flush();
  return effect.dispose;
}

/** Reads signals inside `fn` without subscribing whatever is running. */
export function untracked<T>(fn: () => T): T {
  const outer = running;
  running = undefined;
  try {
    return fn();
  } finally {
    running = outer;
  }
}

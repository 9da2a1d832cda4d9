import { log } from "../client/log.js";
import { createEmitter, type PageEventName, type PageEvents } from "./core/emitter.js";
import { type Mounted, type MountOptions, mountOverlay } from "./mount.js";

/**
 * `window.Encore`: callable as `Encore("method", ...args)` (what the queue stub records) and
 * with the same methods as properties. Page listeners survive setToken's remount.
 */
export interface EncoreApi {
  (method: string, ...args: unknown[]): unknown;
  mount(options?: Partial<MountOptions>): () => void;
  unmount(): void;
  /** host-page events for the segments, e.g. Encore.track("product_click", { sku }) */
  track(event: "product_click", data: { sku: string }): void;
  /** after the viewer logs in (or out, with null): reconnects as that viewer */
  setToken(token: string | null): void;
  /**
   * the overlay's events: `buy` (the viewer tapped buy on the product card or the shelf: open the
   * checkout for that product), `product`, `coupon`, `points`, `login-request`, `ready`
   */
  on<E extends PageEventName>(event: E, fn: (data: PageEvents[E]) => void): () => void;
  /** the mounted overlay, if any (for tests and debugging) */
  readonly current: Mounted | null;
  q?: ArrayLike<unknown>[];
}

export function createEncoreApi(defaults: Partial<MountOptions>): EncoreApi {
  const emitter = createEmitter();
  let options: Partial<MountOptions> = { ...defaults };
  let current: Mounted | null = null;
  /** clicks reported before the overlay is connected */
  const pendingTracks: string[] = [];

  const methods = {
    mount(overrides: Partial<MountOptions> = {}) {
      methods.unmount();
      options = { ...options, ...overrides };
      if (!options.room) {
        log.error("mount needs a room (data-room or Encore.mount({ room }))");
        return () => {};
      }
      current = mountOverlay({ ...options, room: options.room, emitter });
      for (const sku of pendingTracks.splice(0)) void current.models.coupons.track(sku);
      return methods.unmount;
    },
    unmount() {
      current?.unmount();
      current = null;
    },
    track(event: string, data: { sku?: unknown } | undefined) {
      const sku = data?.sku;
      if (event !== "product_click" || typeof sku !== "string" || sku === "") {
        log.warn(`track: expected ("product_click", { sku }), got`, event, data);
        return;
      }
      if (current) void current.models.coupons.track(sku);
      else pendingTracks.push(sku);
    },
    setToken(token: string | null) {
      options = { ...options, token };
      if (current) methods.mount();
    },
    on: emitter.on,
  };

  const api = ((method: string, ...args: unknown[]) => {
    const fn = (methods as Record<string, unknown>)[method];
    if (typeof fn !== "function") {
      log.warn(`unknown method Encore("${method}")`);
      return undefined;
    }
    try {
      return (fn as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      log.error(`Encore("${method}") failed`, error);
      return undefined;
    }
  }) as EncoreApi;
  Object.assign(api, methods);
  Object.defineProperty(api, "current", { get: () => current });
  return api;
}

/** Replays what the one-line stub recorded before the script arrived, in order. */
export function replayQueue(api: EncoreApi, queue: ArrayLike<unknown>[] | undefined): void {
  for (const call of Array.from(queue ?? [])) {
    const [method, ...args] = Array.from(call);
    api(String(method), ...args);
  }
}

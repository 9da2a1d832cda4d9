import { notify } from "../../client/notify.js";

/** The events a host page can listen to with Encore.on(event, fn). */
export interface PageEvents {
  /** a coupon was granted to the viewer (or changed state) */
  coupon: import("../../protocol/coupons.js").CouponView;
  /** a guest asked to log in: the page should show its login, then call Encore.setToken(jwt) */
  "login-request": { reason: "earn" | "claim" | "comment" | "exchange" | "remind" };
  /** the overlay has its first snapshot */
  ready: { room: string; viewer: string | null };
  /**
   * the host featured a product (or stopped: null), or the shop changed the featured one; also once
   * with the room's current one on join
   */
  product: import("../../protocol/products.js").Product | null;
  /** the viewer tapped buy on the product card or the shelf: the page opens its checkout */
  buy: import("../../protocol/products.js").Product;
  /** the viewer's points changed */
  points: { points: number; delta: number };
}
export type PageEventName = keyof PageEvents;

/** A page's listener that throws is logged and skipped: it never breaks the overlay or other listeners. */
export function createEmitter() {
  const listeners = new Map<string, Set<(data: never) => void>>();
  return {
    on<E extends PageEventName>(event: E, fn: (data: PageEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(fn as (data: never) => void);
      return () => set.delete(fn as (data: never) => void);
    },
    emit<E extends PageEventName>(event: E, data: PageEvents[E]): void {
      notify(
        listeners.get(event) as Set<(d: PageEvents[E]) => void> | undefined,
        data,
        `a page listener for "${event}"`,
      );
    },
    clear(): void {
      listeners.clear();
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;

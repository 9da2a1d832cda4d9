import type { Transport } from "../../client/transport.js";
import type { CouponView } from "../../protocol/coupons.js";
import type { Emitter } from "../core/emitter.js";
import { computed, effect, type ReadonlySignal, signal, untracked } from "../core/signals.js";
import { storage } from "../core/storage.js";
import { createChat } from "./chat.js";
import { createConnection } from "./connection.js";
import { createCoupons } from "./coupons.js";
import { createInbox } from "./inbox.js";
import { createOffer } from "./offer.js";
import { createProducts } from "./products.js";
import { createWallet } from "./wallet.js";
import { createWatch } from "./watch.js";

export interface ModelInputs {
  transport: Transport;
  /** the stream is playing, from the video adapter */
  playing: ReadonlySignal<boolean>;
  /** the page is visible */
  visible: ReadonlySignal<boolean>;
  emitter: Emitter;
  /** the Encore server's origin, where pictures given as paths live */
  server?: string;
  /** false where nothing is watched (the extension's popup shows the wallet and sends no beat) */
  beats?: boolean;
}

/** Every model of one mounted overlay, wired to one transport; dispose() lets go of all of it. */
export function createModels({ transport, playing, visible, emitter, server, beats = true }: ModelInputs) {
  const connection = createConnection(transport);
  const wallet = createWallet(transport, (points, delta) => emitter.emit("points", { points, delta }));
  const member = computed(() => connection.synced.value && connection.viewer.value !== null);
  /**
   * A fan-only room's tier while the viewer is below it (a guest always is), else null. Growth
   * arrives with every wallet and tier push, so reaching the tier mid-live opens the gate.
   */
  const gate = computed(() => {
    const tier = connection.tiers.value.find((t) => t.key === connection.room.value?.minTier);
    return tier && (wallet.wallet.value?.growth ?? 0) < tier.threshold ? tier : null;
  });
  const watch = createWatch(transport, {
    playing,
    visible,
    // below a fan-only room's tier nothing is earned: no beats for the server to refuse
    canBeat: computed(() => beats && member.value && !gate.value && connection.status.value === "online"),
  });
  // a won deal's coupon arrives inside the claim's outcome, and goes into the wallet from there
  const offer = createOffer(transport, connection.clockOffset, (coupon) => coupons.receive(coupon));
  const chat = createChat(transport, offer);
  const coupons = createCoupons(
    transport,
    { applyWallet: wallet.apply, onCoupon: (coupon: CouponView) => emitter.emit("coupon", coupon) },
    server,
  );
  const products = createProducts(
    transport,
    { onBuy: (product) => emitter.emit("buy", product), track: coupons.track },
    server,
  );
  const inbox = createInbox(transport);
  const panelOpen = signal(false);
  /** the membership panel's tab; kept here so it survives closing the panel and a toast can pick it */
  const panelTab = signal<"me" | "coupons" | "exchange">("me");
  /** the viewer folded the overlay down to its points pill; remembered across visits */
  const collapsed = signal(storage.get("collapsed") === "1");

  // The page pins the product the host is presenting; it hears of every change, not of repeats.
  let lastProduct: string | undefined;
  const disposeProduct = effect(() => {
    const product = products.featured.value;
    const key = JSON.stringify(product);
    if (!connection.synced.peek() && product === null) return;
    if (key === lastProduct) return;
    lastProduct = key;
    emitter.emit("product", product);
  });

  // One sheet at a time: the membership sheet opening closes the shelf drawer (the inbox makes
  // room for itself, and gives way to the others, from its panel's model: widget/panels/inbox/list.ts).
  const disposeSheets = effect(() => {
    if (panelOpen.value) untracked(products.closeShelf);
  });

  let announcedReady = false;
  const disposeReady = effect(() => {
    if (!connection.synced.value || announcedReady) return;
    announcedReady = true;
    emitter.emit("ready", { room: connection.room.peek()?.id ?? "", viewer: connection.viewer.peek()?.id ?? null });
  });

  return {
    connection,
    /** the stream is playing, as the widget sees it (and beats it) */
    playing,
    wallet,
    watch,
    offer,
    chat,
    coupons,
    products,
    inbox,
    member,
    gate,
    /** the Encore server's origin, for links to its public pages (a draw's record) */
    server: server ?? "",
    panelOpen,
    panelTab,
    collapsed,
    toggleCollapsed() {
      collapsed.value = !collapsed.peek();
      storage.set("collapsed", collapsed.value ? "1" : "0");
      if (collapsed.value) panelOpen.value = false;
    },
    /** guests are asked to log in by the page, which then calls Encore.setToken */
    requestLogin: (reason: "earn" | "claim" | "comment" | "exchange" | "remind") =>
      emitter.emit("login-request", { reason }),
    dispose() {
      disposeReady();
      disposeSheets();
      disposeProduct();
      products.dispose();
      inbox.dispose();
      coupons.dispose();
      chat.dispose();
      offer.dispose();
      watch.dispose();
      wallet.dispose();
      connection.dispose();
    },
  };
}
export type Models = ReturnType<typeof createModels>;

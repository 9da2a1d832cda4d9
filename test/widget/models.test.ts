import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/config.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { signal } from "../../widget/core/signals.js";
import { createModels } from "../../widget/models/index.js";
import { BEAT_INTERVAL_MS } from "../../widget/models/watch.js";
import { chestClaim } from "../../widget/panels/chest-claim.js";
import { couponActions } from "../../widget/panels/parts/coupon-actions.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { coupon, guestSnapshot, offer, product, snapshot, wallet, won } from "./builders.js";

function setup() {
  const fake = new FakeTransport({ unanswered: "timeout" });
  const playing = signal(true);
  const visible = signal(true);
  const emitter = createEmitter();
  const models = createModels({ transport: fake, playing, visible, emitter });
  fake.answer(ClientEvent.beat, () => ({ ok: true, data: { creditedSeconds: 30, watch: snapshot().watch } }));
  return { fake, playing, visible, emitter, models };
}

describe("watch model: beats", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("beats every ~30 s while the stream plays and the tab is visible, and once on each change", () => {
    const { fake, playing, visible, models } = setup();
    fake.setLink({ state: "online" });
    fake.push(ServerEvent.snapshot, snapshot());
    expect(fake.callsOf(ClientEvent.beat)).toEqual([{ playing: true, visible: true }]);

    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 2);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(3);

    playing.value = false;
    expect(fake.callsOf(ClientEvent.beat).at(-1)).toEqual({ playing: false, visible: true });
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 3);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(4);

    playing.value = true;
    visible.value = false;
    expect(fake.callsOf(ClientEvent.beat).at(-1)).toEqual({ playing: true, visible: false });
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 3);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(6);

    visible.value = true;
    vi.advanceTimersByTime(BEAT_INTERVAL_MS);
    expect(fake.callsOf(ClientEvent.beat).slice(-2)).toEqual([
      { playing: true, visible: true },
      { playing: true, visible: true },
    ]);
    models.dispose();
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 3);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(8);
  });

  it("says a change refused as too soon again a second later, as things stand then, and only that", async () => {
    const { fake, playing } = setup();
    fake.setLink({ state: "online" });
    fake.push(ServerEvent.snapshot, snapshot());
    let refusal: "rate_limited" | "timeout" | null = "rate_limited";
    fake.answer(ClientEvent.beat, () =>
      refusal
        ? { ok: false, error: { code: refusal, message: "refused" } }
        : { ok: true, data: { creditedSeconds: 0, watch: snapshot().watch } },
    );
    playing.value = false;
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(2);
    refusal = null;
    await vi.advanceTimersByTimeAsync(1100);
    expect(fake.callsOf(ClientEvent.beat).slice(1)).toEqual([
      { playing: false, visible: true },
      { playing: false, visible: true },
    ]);
    await vi.advanceTimersByTimeAsync(BEAT_INTERVAL_MS * 2);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(3);

    // a change undone within the second leaves nothing to say again
    refusal = "rate_limited";
    playing.value = true;
    playing.value = false;
    await vi.advanceTimersByTimeAsync(1100);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(5);

    // other refusals are not said again: a timeout is the link's to retry
    refusal = "timeout";
    playing.value = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(6);
  });

  it("never beats for a guest", () => {
    const { fake, playing } = setup();
    fake.setLink({ state: "online" });
    fake.push(ServerEvent.snapshot, guestSnapshot());
    playing.value = false;
    playing.value = true;
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 4);
    expect(fake.callsOf(ClientEvent.beat)).toEqual([]);
  });

  it("stops beating while the link is down and beats again when it is back", () => {
    const { fake } = setup();
    fake.push(ServerEvent.snapshot, snapshot());
    fake.setLink({ state: "reconnecting" });
    const before = fake.callsOf(ClientEvent.beat).length;
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 3);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(before);
    fake.setLink({ state: "online" });
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(before + 1);
  });
});

describe("connection model", () => {
  it("goes connecting → online → reconnecting (stale) → offline with the refusal", () => {
    const { fake, models } = setup();
    const { connection } = models;
    expect(connection.status.value).toBe("connecting");
    expect(connection.stale.value).toBe(false);
    fake.push(ServerEvent.snapshot, snapshot());
    expect(connection.status.value).toBe("online");
    fake.setLink({ state: "reconnecting" });
    expect(connection.stale.value).toBe(true);
    expect(models.wallet.wallet.value?.points).toBe(1280);
    fake.setLink({ state: "offline", error: "token_expired" });
    expect(connection.status.value).toBe("offline");
    expect(connection.error.value).toBe("token_expired");
    connection.retry();
    expect(fake.reconnects).toBe(1);
  });
});

describe("wallet model", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows +N for points that arrive, not for a snapshot or a spend", () => {
    const { fake, models, emitter } = setup();
    const heard: number[] = [];
    emitter.on("points", (p) => heard.push(p.delta));
    fake.push(ServerEvent.snapshot, snapshot());
    expect(models.wallet.gain.value).toBeNull();
    fake.push(ServerEvent.wallet, { wallet: wallet(1290), delta: 10, reason: "watch" });
    expect(models.wallet.gain.value).toMatchObject({ amount: 10, reason: "watch" });
    expect(models.wallet.wallet.value?.points).toBe(1290);
    vi.advanceTimersByTime(3000);
    expect(models.wallet.gain.value).toBeNull();
    fake.push(ServerEvent.wallet, { wallet: wallet(290), delta: -1000, reason: "exchange" });
    expect(models.wallet.gain.value).toBeNull();
    expect(heard).toEqual([10, -1000]);
  });
});

describe("wallet model: changes this tab asked for", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes a chest's points from the claim's ack: one +N and one points event", async () => {
    vi.useFakeTimers();
    const { fake, models, emitter } = setup();
    const heard: { points: number; delta: number }[] = [];
    emitter.on("points", (p) => heard.push(p));
    fake.push(ServerEvent.snapshot, snapshot({ chest: { id: "c1", points: 5, expiresAt: Date.now() + 60_000 } }));
    fake.answer(ClientEvent.chestClaim, () => ({
      ok: true,
      data: { wallet: wallet(1285), delta: 5, reason: "chest" },
    }));
    await chestClaim(models).claim();
    expect(models.wallet.wallet.value?.points).toBe(1285);
    expect(models.wallet.gain.value).toMatchObject({ amount: 5, reason: "chest" });
    expect(heard).toEqual([{ points: 1285, delta: 5 }]);
    expect(models.watch.chest.value).toBeNull();
  });

  it("takes an exchange's cost from its ack: one points event, no +N for a spend", async () => {
    const { fake, models, emitter } = setup();
    const heard: { points: number; delta: number }[] = [];
    emitter.on("points", (p) => heard.push(p));
    fake.push(ServerEvent.snapshot, snapshot());
    const granted = coupon({ code: "ENC-NEW", source: "exchange" });
    fake.answer(ClientEvent.exchange, () => ({
      ok: true,
      data: { wallet: wallet(280), delta: -1000, reason: "exchange", coupon: granted },
    }));
    await couponActions(models.coupons).exchange("tpl_10off");
    expect(models.wallet.wallet.value?.points).toBe(280);
    expect(models.wallet.gain.value).toBeNull();
    expect(heard).toEqual([{ points: 280, delta: -1000 }]);
  });
});

describe("offer model", () => {
  it("takes the outcome from the comment's ack, follows stock, and resets for a new offer", async () => {
    const { fake, models } = setup();
    fake.push(ServerEvent.snapshot, snapshot());
    fake.push(ServerEvent.offer, offer());
    fake.push(ServerEvent.offerStock, { offerId: "off_1", remaining: 7, claimed: 43 });
    fake.push(ServerEvent.offerStock, { offerId: "other", remaining: 1, claimed: 1 });
    expect(models.offer.remaining.value).toBe(7);
    fake.answer(ClientEvent.comment, () => ({ ok: true, data: { accepted: true, claim: won() } }));
    await models.chat.claim();
    expect(fake.callsOf(ClientEvent.comment)).toEqual([{ text: "1" }]);
    expect(models.offer.outcome.value?.result).toBe("won");
    // a late "refused" from another tab does not replace a win
    fake.push(ServerEvent.offerResult, { offerId: "off_1", result: "refused", reason: "already_claimed" });
    expect(models.offer.outcome.value?.result).toBe("won");
    fake.push(ServerEvent.offer, offer({ id: "off_2" }));
    expect(models.offer.outcome.value).toBeNull();
  });

  it("puts a won deal's coupon in the wallet from the one message that says so, and tells the page once", async () => {
    const { fake, models, emitter } = setup();
    const told: string[] = [];
    emitter.on("coupon", (c) => told.push(c.code));
    fake.push(ServerEvent.snapshot, snapshot({ offer: offer() }));
    // this tab claimed: the comment's ack carries the coupon, and no coupon push follows
    const claimed = { offerId: "off_1", result: "won" as const, coupon: coupon({ code: "ENC-DEAL", source: "deal" }) };
    fake.answer(ClientEvent.comment, () => ({ ok: true, data: { accepted: true, claim: claimed } }));
    await models.chat.claim();
    expect(models.coupons.coupons.value.map((c) => c.code)).toEqual(["ENC-DEAL"]);
    expect(models.coupons.fresh.value?.code).toBe("ENC-DEAL");
    expect(told).toEqual(["ENC-DEAL"]);
    // the next deal is won in another tab (or drawn at the end): its result carries the coupon
    fake.push(ServerEvent.offer, offer({ id: "off_2" }));
    fake.push(ServerEvent.offerResult, {
      offerId: "off_2",
      result: "won",
      coupon: coupon({ code: "ENC-BAG", source: "deal" }),
    });
    expect(models.coupons.coupons.value.map((c) => c.code)).toEqual(["ENC-BAG", "ENC-DEAL"]);
    expect(told).toEqual(["ENC-DEAL", "ENC-BAG"]);
    // a reload shows the win again from the snapshot, which already lists the coupon: nothing new to tell
    fake.push(
      ServerEvent.snapshot,
      snapshot({
        offer: offer({ id: "off_2" }),
        claim: { offerId: "off_2", result: "won", coupon: coupon({ code: "ENC-BAG" }) },
      }),
    );
    expect(told).toEqual(["ENC-DEAL", "ENC-BAG"]);
  });

  it("turns a draw entry into its final result", () => {
    const { fake, models } = setup();
    fake.push(
      ServerEvent.snapshot,
      snapshot({ offer: offer({ mode: "draw" }), claim: { offerId: "off_1", result: "entered" } }),
    );
    expect(models.offer.outcome.value?.result).toBe("entered");
    fake.push(ServerEvent.offerResult, { offerId: "off_1", result: "refused", reason: "not_drawn" });
    expect(models.offer.outcome.value).toEqual({ offerId: "off_1", result: "refused", reason: "not_drawn" });
  });

  it("keeps a failed claim's error code for the banner", async () => {
    const { fake, models } = setup();
    fake.push(ServerEvent.snapshot, snapshot({ offer: offer() }));
    fake.answer(ClientEvent.comment, () => ({ ok: false, error: { code: "rate_limited", message: "slow down" } }));
    await models.chat.send(" 1 ");
    expect(models.offer.error.value).toBe("rate_limited");
    expect(models.chat.error.value).toBeNull();
  });

  describe("while the link is down", () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it("ends a deal when its time is up, though no word of its end can arrive", () => {
      const { fake, models } = setup();
      fake.setLink({ state: "online" });
      fake.push(ServerEvent.snapshot, snapshot({ offer: offer({ endsAt: Date.now() + 3000 }) }));
      expect(models.offer.live.value).toBe(true);
      expect(models.offer.secondsLeft.value).toBe(3);
      fake.setLink({ state: "reconnecting" });
      vi.advanceTimersByTime(5000);
      expect(models.offer.live.value).toBe(false);
      expect(models.offer.secondsLeft.value).toBe(0);
      // nothing the viewer did in it: nothing left to show
      expect(models.offer.visible.value).toBe(false);
    });

    it("shows an offer that is already past its end in a snapshot as over", () => {
      const { fake, models } = setup();
      fake.push(ServerEvent.snapshot, snapshot({ offer: offer({ endsAt: Date.now() - 1000 }) }));
      expect(models.offer.live.value).toBe(false);
      expect(models.offer.visible.value).toBe(false);
    });

    it("keeps the banner up to say a claim typed offline was not sent, even once the deal is over", async () => {
      const { fake, models } = setup();
      fake.push(ServerEvent.snapshot, snapshot({ offer: offer({ endsAt: Date.now() + 3000 }) }));
      fake.setLink({ state: "reconnecting" });
      let answer: (ack: { ok: false; error: { code: "offline"; message: string } }) => void = () => {};
      fake.answer(ClientEvent.comment, () => new Promise((resolve) => (answer = resolve)));
      const sent = models.chat.send("1");
      vi.advanceTimersByTime(5000);
      answer({ ok: false, error: { code: "offline", message: "not sent" } });
      expect(await sent).toBe(false);
      expect(models.offer.error.value).toBe("offline");
      expect(models.offer.visible.value).toBe(true);
    });

    it("shows what a fresh snapshot says once back: new points, the deal started meanwhile", () => {
      const { fake, models } = setup();
      fake.setLink({ state: "online" });
      fake.push(ServerEvent.snapshot, snapshot());
      fake.setLink({ state: "reconnecting" });
      expect(models.connection.stale.value).toBe(true);
      fake.setLink({ state: "online" });
      fake.push(ServerEvent.snapshot, snapshot({ wallet: wallet(1780), offer: offer({ id: "off_9" }) }));
      expect(models.connection.stale.value).toBe(false);
      expect(models.wallet.wallet.value?.points).toBe(1780);
      expect(models.offer.offer.value?.id).toBe("off_9");
      expect(models.offer.live.value).toBe(true);
    });
  });
});

describe("chat model", () => {
  it("keeps the newest few samples of the room's batches", () => {
    const { fake, models } = setup();
    for (let i = 0; i < 4; i++) {
      fake.push(ServerEvent.comments, {
        count: 40,
        matches: 30,
        sample: [
          { id: `a${i}`, name: "A", text: `hi ${i}`, at: i },
          { id: `b${i}`, name: "B", text: "1", at: i },
        ],
      });
    }
    expect(models.chat.recent.value.map((c) => c.id)).toEqual(["b1", "a2", "b2", "a3", "b3"]);
    expect(models.chat.pace.value).toEqual({ count: 40, matches: 30 });
  });
});

describe("coupons model", () => {
  it("tells the page which product the host features: the room's on join, then each change once", () => {
    const { fake, emitter } = setup();
    const told: (string | null)[] = [];
    emitter.on("product", (p) => told.push(p ? p.sku : null));
    const serum = product();
    fake.push(ServerEvent.snapshot, { ...snapshot(), product: serum });
    fake.push(ServerEvent.snapshot, { ...snapshot(), product: serum });
    fake.push(ServerEvent.product, { ...serum, sku: "tea-oolong" });
    fake.push(ServerEvent.product, null);
    expect(told).toEqual(["serum-30", "tea-oolong", null]);
  });

  it("exchanges points for a coupon, shows the new wallet, and tells the page once", async () => {
    const { fake, models, emitter } = setup();
    const told: string[] = [];
    emitter.on("coupon", (c) => told.push(c.code));
    fake.push(ServerEvent.snapshot, snapshot());
    const granted = coupon({ code: "ENC-NEW", source: "exchange" });
    fake.answer(ClientEvent.exchange, () => ({
      ok: true,
      data: { wallet: wallet(280), delta: -1000, reason: "exchange", coupon: granted },
    }));
    await couponActions(models.coupons).exchange("tpl_10off");
    expect(models.wallet.wallet.value?.points).toBe(280);
    expect(models.coupons.coupons.value.map((c) => c.code)).toEqual(["ENC-NEW"]);
    fake.push(ServerEvent.coupon, granted);
    expect(models.coupons.coupons.value).toHaveLength(1);
    expect(told).toEqual(["ENC-NEW", "ENC-NEW"]);
  });

  it("keeps a refused exchange's code per item and changes nothing", async () => {
    const { fake, models } = setup();
    fake.push(ServerEvent.snapshot, snapshot());
    fake.answer(ClientEvent.exchange, () => ({ ok: false, error: { code: "insufficient_points", message: "no" } }));
    await couponActions(models.coupons).exchange("tpl_10off");
    expect(couponActions(models.coupons).exchangeError.value).toEqual({
      templateId: "tpl_10off",
      code: "insufficient_points",
    });
    expect(models.wallet.wallet.value?.points).toBe(1280);
  });

  it("sets a reminder and rolls it back when refused; tracks product clicks", async () => {
    const { fake, models } = setup();
    fake.push(ServerEvent.snapshot, snapshot());
    fake.answer(ClientEvent.reminder, (p) => ({ ok: true, data: { on: p.on } }));
    await couponActions(models.coupons).toggleReminder();
    expect(models.coupons.reminder.value).toBe(true);
    expect(fake.callsOf(ClientEvent.reminder)).toEqual([{ on: true }]);
    fake.answer(ClientEvent.reminder, () => ({ ok: false, error: { code: "guest", message: "log in" } }));
    await couponActions(models.coupons).toggleReminder();
    expect(models.coupons.reminder.value).toBe(true);
    expect(couponActions(models.coupons).reminderError.value).toBe("guest");
    fake.answer(ClientEvent.track, () => ({ ok: true, data: { tracked: true } }));
    expect(await models.coupons.track("sku-9")).toBe(true);
    expect(fake.callsOf(ClientEvent.track)).toEqual([{ event: "product_click", sku: "sku-9" }]);
  });
});

describe("dispose", () => {
  it("lets go of every transport listener", () => {
    const { fake, models } = setup();
    expect(fake.listenerCount()).toBeGreaterThan(0);
    models.dispose();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe("a fan-only room", () => {
  const withTiers = <S extends { config: ReturnType<typeof snapshot>["config"] }>(s: S): S => ({
    ...s,
    config: { ...s.config, tiers: DEFAULT_CONFIG.tiers },
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gates a viewer below its tier and sends no beats, until a wallet push brings them to it", () => {
    const { fake, models } = setup();
    fake.setLink({ state: "online" });
    const base = withTiers(snapshot());
    fake.push(ServerEvent.snapshot, {
      ...base,
      room: { ...base.room, minTier: "gold" },
      wallet: wallet(100, { growth: 800 }),
    });
    expect(models.gate.value?.key).toBe("gold");
    vi.advanceTimersByTime(BEAT_INTERVAL_MS * 2);
    expect(fake.callsOf(ClientEvent.beat)).toHaveLength(0);

    // an order mid-live: the tier event's wallet opens the gate, and watching counts again
    fake.push(ServerEvent.wallet, { wallet: wallet(100, { growth: 2_000 }), delta: 0, reason: "order" });
    expect(models.gate.value).toBeNull();
    expect(fake.callsOf(ClientEvent.beat)).toEqual([{ playing: true, visible: true }]);
    models.dispose();
  });

  it("gates a guest, and nobody once the host opens the room again", () => {
    const { fake, models } = setup();
    const base = withTiers(guestSnapshot());
    fake.push(ServerEvent.snapshot, { ...base, room: { ...base.room, minTier: "silver" } });
    expect(models.gate.value?.key).toBe("silver");
    fake.push(ServerEvent.room, { ...base.room, minTier: null });
    expect(models.gate.value).toBeNull();
    models.dispose();
  });
});

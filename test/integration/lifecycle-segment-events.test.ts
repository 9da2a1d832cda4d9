import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_PAYLOADS, type WebhookEvent } from "../../protocol/index.js";
import { addLocalDays, addLocalMonths } from "../../server/domain/lifecycle/zoned.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { verifyStore } from "../../server/ops/verify.js";
import { shopApi, startReceiver } from "../../support/commerce.js";
import { joinRoom, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchFor } from "../../support/watch.js";
import { inboxOf, order, setAutomations, touchRows } from "../helpers/lifecycle.js";

/*
 * The automations the daily sweep reads over months: segments entered and left (webhooks and a
 * welcome touch), and the tier window (a notice, then the downgrade once the grace is over).
 */

const HOUR_MS = 3600_000;

type Body = { event: WebhookEvent; shopId: string; createdAt: number; data: Record<string, unknown> };

interface Harness {
  server: TestServer;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  secret: string;
}

async function harness(): Promise<Harness> {
  const server = await startServer();
  const receiver = await startReceiver();
  const added = await shopApi(server, "/v1/webhook-endpoints", { body: { url: receiver.url } });
  expect(added.status).toBe(200);
  return { server, receiver, secret: added.body.secret as string };
}

/** One sweep of every shop at the clock's time, and the outbox delivered. */
async function sweep(h: Harness): Promise<void> {
  await h.server.app.lifecycle.sweepAll();
  await h.server.app.webhooks.deliverDue();
}

/** The `event` bodies delivered about `viewerId`, each checked signed and shaped as published. */
function delivered(h: Harness, event: WebhookEvent, viewerId: string): Body["data"][] {
  return h.receiver.received.flatMap((r) => {
    const body = JSON.parse(r.body) as Body;
    if (body.event !== event || body.data.viewerId !== viewerId) return [];
    // signed when it went: each sweep here delivers what it wrote at the same clock reading
    expect(verifySignature(h.secret, String(r.headers[SIGNATURE_HEADER]), r.body, body.createdAt)).toBe(true);
    expect(WEBHOOK_PAYLOADS[event].parse(body)).toEqual(body);
    expect(body.shopId).toBe(h.server.shop.id);
    return [body.data];
  });
}

const kindsIn = async (h: Harness, viewerId: string) => (await inboxOf(h.server, viewerId)).map((t) => t.kind);

describe("segments entered and left", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    await setAutomations(h.server, {
      segmentEntered: { segments: { watched_not_bought: { enabled: true, templateId: null } } },
      winBack: { enabled: false },
      budget: { holdoutPercent: 0, quietHours: null },
    });
  });
  afterAll(async () => {
    await h.server.close();
    await h.receiver.close();
  });

  it("records who is already in a segment at the shop's first reading, telling nobody", async () => {
    const { socket } = await joinRoom(h.server, await h.server.token("old-fan"));
    await watchFor(h.server, socket, 3600);
    socket.disconnect();
    await sweep(h);
    expect(delivered(h, "segment.entered", "old-fan")).toEqual([]);
    expect(await kindsIn(h, "old-fan")).toEqual([]);
    const stored = await h.server.store.db
      .selectFrom("segment_memberships")
      .select(["viewer_id", "segment"])
      .where("shop_id", "=", h.server.shop.id)
      .execute();
    expect(stored).toEqual([{ viewer_id: "old-fan", segment: "watched_not_bought" }]);
  });

  it("announces a viewer who watched 60 verified minutes without buying, once, with a welcome in the inbox", async () => {
    const { socket } = await joinRoom(h.server, await h.server.token("wendy"));
    await watchFor(h.server, socket, 59 * 60);
    await sweep(h);
    expect(delivered(h, "segment.entered", "wendy")).toEqual([]);

    await watchFor(h.server, socket, 60, 30, undefined, false);
    socket.disconnect();
    const at = h.server.clock.now();
    await sweep(h);
    expect(delivered(h, "segment.entered", "wendy")).toEqual([
      { viewerId: "wendy", segment: "watched_not_bought", enteredAt: at },
    ]);
    expect(await kindsIn(h, "wendy")).toEqual(["segment_entered"]);

    h.server.clock.advance(2 * HOUR_MS);
    await sweep(h);
    await sweep(h);
    expect(delivered(h, "segment.entered", "wendy")).toHaveLength(1);
    expect(await kindsIn(h, "wendy")).toEqual(["segment_entered"]);
  });

  it("reports a buyer leaving the segment once, and the first reading's members leaving too", async () => {
    const entered = delivered(h, "segment.entered", "wendy")[0]?.enteredAt;
    await order(h.server, "wendy", "wendy-1", [{ sku: "tea", qty: 1, price: 3_000 }]);
    await order(h.server, "old-fan", "old-1", [{ sku: "tea", qty: 1, price: 3_000 }]);
    const at = h.server.clock.now();
    await sweep(h);
    await sweep(h);
    expect(delivered(h, "segment.left", "wendy")).toEqual([
      { viewerId: "wendy", segment: "watched_not_bought", enteredAt: entered, leftAt: at },
    ]);
    expect(delivered(h, "segment.left", "old-fan")).toEqual([
      expect.objectContaining({ segment: "watched_not_bought", leftAt: at }),
    ]);
    // a new buyer now (and, one of two buyers, a top spender), and told so: the first reading is long over
    expect(delivered(h, "segment.entered", "wendy").map((d) => d.segment)).toEqual([
      "watched_not_bought",
      "new_buyer",
      "high_value",
    ]);
    // the welcome was sent before she left: nothing is taken back, nothing more is sent
    expect((await touchRows(h.server)).filter((t) => t.kind === "segment_entered")).toEqual([
      expect.objectContaining({ viewer_id: "wendy", status: "sent" }),
    ]);
  });
});

describe("the tier window", () => {
  let h: Harness;
  const ZONE = "Asia/Shanghai";
  let earnedAt: number;

  beforeAll(async () => {
    h = await harness();
    await setAutomations(h.server, {
      tierWindow: { enabled: true, months: 12, graceDays: 30, noticeDays: 7 },
      winBack: { enabled: false },
      budget: { holdoutPercent: 0, quietHours: null },
    });
    earnedAt = h.server.clock.now();
    const res = await shopApi(h.server, "/v1/viewers/tia/growth", {
      body: { delta: 600, note: "moved from the old program", idempotencyKey: "tia-1" },
    });
    expect(res.status).toBe(200);
    await sweep(h);
  });
  afterAll(async () => {
    await h.server.close();
    await h.receiver.close();
  });

  const tierOf = async (viewerId: string) =>
    ((await shopApi(h.server, `/v1/viewers/${viewerId}`)).body.wallet as { tier: { key: string } }).tier.key;
  const downgrades = () =>
    h.server.store.db
      .selectFrom("ledger")
      .select(["growth_delta", "growth_after", "reason"])
      .where("shop_id", "=", h.server.shop.id)
      .where("reason", "=", "tier_window")
      .execute();

  it("warns a viewer whose growth aged out of the window before the grace ends", async () => {
    expect(await tierOf("tia")).toBe("silver");
    const downgradeAt = addLocalDays(addLocalMonths(earnedAt, 12, ZONE), 30, ZONE);
    h.server.clock.set(addLocalDays(downgradeAt, -8, ZONE));
    await sweep(h);
    expect(await kindsIn(h, "tia")).toEqual([]);

    h.server.clock.set(addLocalDays(downgradeAt, -7, ZONE) + HOUR_MS);
    await sweep(h);
    await sweep(h);
    const inbox = await inboxOf(h.server, "tia");
    expect(inbox.map((t) => t.kind)).toEqual(["tier_downgrade_notice"]);
    expect(inbox[0]?.words.en).toContain("Earn 500 more growth");
    expect(await tierOf("tia")).toBe("silver");
    expect(await downgrades()).toEqual([]);
  });

  it("drops the tier once the grace is over, once, with tier.changed", async () => {
    h.server.clock.set(addLocalDays(addLocalMonths(earnedAt, 12, ZONE), 30, ZONE) + HOUR_MS);
    await sweep(h);
    await sweep(h);
    h.server.clock.advance(24 * HOUR_MS);
    await sweep(h);
    expect(await tierOf("tia")).toBe("fan");
    expect(await downgrades()).toEqual([{ growth_delta: -600, growth_after: 0, reason: "tier_window" }]);
    expect(await balanceOf(h.server, "tia")).toEqual({ points: 0, growth: 0 });
    expect(delivered(h, "tier.changed", "tia").filter((d) => d.to === "fan")).toEqual([
      { viewerId: "tia", from: "silver", to: "fan", growth: 0 },
    ]);
    expect(await kindsIn(h, "tia")).toEqual(["tier_downgrade_notice"]);
    expect(await verifyStore(h.server.store)).toEqual([]);
  });
});

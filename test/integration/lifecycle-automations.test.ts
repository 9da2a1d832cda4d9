// biome-ignore lint/suspicious/noExplicitAny: a config changed field by field, as a shop's client would
type Automation = any;

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent, type Snapshot } from "../../protocol/index.js";
import { WEEK_MS } from "../../server/domain/lifecycle/budget.js";
import { addLocalDays, addLocalMonths, wallClock } from "../../server/domain/lifecycle/zoned.js";
import { verifyStore } from "../../server/ops/verify.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { createTemplate } from "../../server/services/coupons.js";
import { createShop } from "../../server/services/shops.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { createTemplateOverApi, setRepurchase, shopApi, template } from "../../support/commerce.js";
import { call, next, startServer, type TestServer } from "../../support/server.js";
import { DAY_MS, inboxOf, order, report, setAutomations, sweepAfter, touchRows } from "../helpers/lifecycle.js";
import { addProduct } from "../helpers/products.js";

const ZONE = "Asia/Shanghai";
const HOUR_MS = 3600_000;

describe("the win-back ladder", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await setAutomations(server, { budget: { holdoutPercent: 0 } });
    for (const id of ["silent", "returner"])
      await ensureViewer(server.store.db, server.shop.id, id, {}, server.clock.now());
  });
  afterAll(() => server.close());

  const winBacks = async (viewerId: string) =>
    (await touchRows(server)).filter((r) => r.viewer_id === viewerId && r.kind === "win_back" && r.status === "sent");

  it("fires at 30, 60 and 90 silent days, once each, and stops the moment the viewer returns", async () => {
    await sweepAfter(server, 29);
    expect(await winBacks("silent")).toEqual([]);
    await sweepAfter(server, 1);
    expect((await winBacks("silent")).map((r) => r.key.split(":")[1])).toEqual(["1"]);
    expect((await winBacks("returner")).map((r) => r.key.split(":")[1])).toEqual(["1"]);

    await sweepAfter(server, 10);
    await order(server, "returner", "back-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await sweepAfter(server, 20);
    expect((await winBacks("silent")).map((r) => r.key.split(":")[1])).toEqual(["1", "2"]);
    // back on day 40: the old ladder's second step never goes
    expect((await winBacks("returner")).map((r) => r.key.split(":")[1])).toEqual(["1"]);

    await sweepAfter(server, 30);
    expect((await winBacks("silent")).map((r) => r.key.split(":")[1])).toEqual(["1", "2", "3"]);
    await sweepAfter(server, 0);
    await sweepAfter(server, 30);
    expect(await winBacks("silent")).toHaveLength(3);
    const returner = await winBacks("returner");
    const ladderStart = (key: string) => key.split(":")[2];
    // nothing more of the ladder that began before the return
    expect(returner.filter((r) => ladderStart(r.key) === ladderStart(returner[0]?.key ?? ""))).toHaveLength(1);

    const inbox = await inboxOf(server, "silent");
    expect(inbox.map((t) => t.kind)).toEqual(["win_back", "win_back", "win_back"]);
    expect(inbox[0]?.words.en).toBe("We really miss you.");
    expect((await report(server, "winBack")).touched).toBe(2);
  });
});

describe("points expiry", () => {
  let server: TestServer;
  let start: number;
  beforeAll(async () => {
    server = await startServer();
    await setAutomations(server, {
      pointsExpiry: { enabled: true },
      winBack: { enabled: false },
      budget: { holdoutPercent: 0 },
    });
    start = server.clock.now();
    const res = await shopApi(server, "/v1/viewers/saver/points", { body: { delta: 500, idempotencyKey: "gift-1" } });
    expect(res.status).toBe(200);
  });
  afterAll(() => server.close());

  const sweepAt = async (at: number) => {
    server.clock.set(at);
    await server.app.lifecycle.sweepAll();
  };
  const kinds = async () =>
    (await touchRows(server)).filter((r) => r.status === "sent").map((r) => `${r.kind}:${r.key.split(":").pop()}`);
  const ledger = async () =>
    (await shopApi(server, "/v1/viewers/saver/ledger")).body.entries as { reason: string; delta: number }[];

  it("warns 30 and 3 days before, then expires the balance in the ledger once, and verify stays clean", async () => {
    const deadline = addLocalMonths(start, 12, ZONE);
    await sweepAt(addLocalDays(deadline, -31, ZONE));
    expect(await kinds()).toEqual([]);
    await sweepAt(addLocalDays(deadline, -30, ZONE));
    expect(await kinds()).toEqual(["points_expiring:30"]);
    await sweepAt(addLocalDays(deadline, -3, ZONE));
    expect((await kinds()).sort()).toEqual(["points_expiring:3", "points_expiring:30"]);
    expect((await inboxOf(server, "saver"))[0]?.words.en).toBe(
      "Your 500 points expire in 3 days. Use them before they're gone.",
    );
    expect((await ledger()).map((e) => e.reason)).toEqual(["adjust"]);

    await sweepAt(deadline);
    await sweepAt(deadline + HOUR_MS);
    expect((await ledger()).map((e) => [e.reason, e.delta])).toEqual([
      ["expire", -500],
      ["adjust", 500],
    ]);
    expect(((await shopApi(server, "/v1/viewers/saver")).body.wallet as { points: number }).points).toBe(0);
    expect((await kinds()).filter((k) => k.startsWith("points_expired"))).toHaveLength(1);
    expect(await verifyStore(server.store)).toEqual([]);
  });
});

describe("the contact budget and the opt-out", () => {
  let server: TestServer;
  const serum = { sku: "mask-6", qty: 1, price: 9_900 };
  beforeAll(async () => {
    server = await startServer();
    await addProduct(server, { sku: "mask-6", usageDays: 6 });
    const welcome = await createTemplateOverApi(server, { minSpend: 0, validDays: 4 });
    await setRepurchase(server, { firstOrderTemplateId: welcome });
    await setAutomations(server, {
      winBack: { steps: [{ days: 1, templateId: null }] },
      budget: { holdoutPercent: 0 },
    });
    // due for five automations the next day: replenish, first-order thanks, coupon expiring, win-back, birthday
    for (const id of ["busy", "quiet", "quiet-socket"]) {
      await ensureViewer(server.store.db, server.shop.id, id, { birthday: "11-06" }, server.clock.now());
      await order(server, id, `first-${id}`, [serum]);
    }
  });
  afterAll(() => server.close());

  it("lets no more than the budget through, one a day, two a week, none at night", async () => {
    const opted = await shopApi(server, "/v1/viewers/quiet/contact", { method: "PUT", body: { optOut: true } });
    expect(opted.body).toEqual({ unseen: 0, optedOut: true });
    const socket = await server.connect({ token: await server.token("quiet-socket") });
    const ack = await call(socket, ClientEvent.contact, { optOut: true });
    expect(ack).toEqual({ ok: true, data: { unseen: 0, optedOut: true } });
    socket.disconnect();

    // 22:00 shop time, the day after the orders: everything is due and it is night
    const first = await sweepAfter(server, 1 + 10 / 24);
    expect(wallClock(server.clock.now(), ZONE).hour).toBe(22);
    expect(first?.sent).toBe(0);
    expect((await touchRows(server)).filter((r) => r.viewer_id === "busy" && r.status === "deferred").length).toBe(5);

    for (let i = 0; i < 20; i++) await sweepAfter(server, 0.5);
    const sent = (await touchRows(server)).filter((r) => r.viewer_id === "busy" && r.status === "sent");
    expect(sent.length).toBeGreaterThan(0);
    const times = sent.map((r) => r.sent_at as number).sort((a, b) => a - b);
    for (const at of times) {
      const hour = wallClock(at, ZONE).hour;
      expect(hour >= 9 && hour < 21).toBe(true);
      expect(times.filter((t) => t > at - WEEK_MS && t <= at).length).toBeLessThanOrEqual(2);
    }
    const days = times.map((t) => new Date(t + 8 * HOUR_MS).toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    expect(times.filter((t) => t < (times[0] as number) + WEEK_MS)).toHaveLength(2);
    // the most pressing first: the coupon about to expire, then the serum running low
    expect(
      sent
        .sort((a, b) => (a.sent_at as number) - (b.sent_at as number))
        .slice(0, 2)
        .map((r) => r.kind),
    ).toEqual(["coupon_expiring", "replenish"]);
    // the thank-you waited behind them until it no longer made sense: kept back, and counted
    const thanks = (await touchRows(server)).find((r) => r.viewer_id === "busy" && r.kind === "first_order");
    expect(thanks).toMatchObject({ status: "cancelled", reason: "expired" });
    expect((await report(server, "firstOrder")).heldBack).toBeGreaterThanOrEqual(1);
  });

  it("sends nothing to a viewer who opted out, by the API or the widget, from any automation", async () => {
    for (const viewerId of ["quiet", "quiet-socket"]) {
      const rows = (await touchRows(server)).filter((r) => r.viewer_id === viewerId);
      expect(rows.filter((r) => r.status === "sent")).toEqual([]);
      expect(new Set(rows.map((r) => r.kind))).toEqual(
        new Set(["replenish", "first_order", "coupon_expiring", "win_back", "birthday"]),
      );
      expect(await inboxOf(server, viewerId)).toEqual([]);
    }
    const listed = await shopApi(server, "/v1/viewers/quiet/touches");
    expect(listed.status).toBe(200);
    const records = listed.body.touches as { kind: string; status: string; reason: string }[];
    expect(records.find((t) => t.kind === "win_back")).toMatchObject({ status: "held", reason: "opted_out" });
    expect(records.every((t) => t.status === "held" || t.status === "cancelled")).toBe(true);
  });

  it("marks seen only the viewer's own touches", async () => {
    const socket = await server.connect({ token: await server.token("busy") });
    const snapshot = (await next(socket, ServerEvent.snapshot).catch(() => null)) as Snapshot | null;
    const inbox = await call(socket, ClientEvent.inbox, {});
    if (!inbox.ok) throw new Error("inbox refused");
    const unseen = inbox.data.touches.length;
    expect(unseen).toBeGreaterThan(0);
    expect(snapshot === null || snapshot.inbox?.unseen === unseen).toBe(true);
    const other = await server.connect({ token: await server.token("quiet") });
    const foreign = await call(other, ClientEvent.inboxSeen, { ids: inbox.data.touches.map((t) => t.id) });
    expect(foreign).toEqual({ ok: true, data: { unseen: 0, optedOut: true } });
    const own = await call(socket, ClientEvent.inboxSeen, { ids: [inbox.data.touches[0]?.id as string] });
    expect(own).toEqual({ ok: true, data: { unseen: unseen - 1, optedOut: false } });
    socket.disconnect();
    other.disconnect();
  });
});

describe("automation settings", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const put = async (change: (automations: Record<string, Automation>) => void) => {
    const config = (await shopApi(server, "/v1/config")).body;
    const automations = structuredClone(config.automations) as Record<string, Automation>;
    change(automations);
    return shopApi(server, "/v1/config", { method: "PUT", body: { ...config, automations } });
  };

  it("refuses negative days, quiet hours that never end and templates that are not the shop's, naming the field, changing nothing", async () => {
    const before = (await shopApi(server, "/v1/config")).body;
    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const foreign = await createTemplate(
      server.store.db,
      other.id,
      template(),
      other.config,
      server.clock.now(),
      COMMAND_LINE,
    );

    const negative = await put((a) => {
      a.winBack.steps[1].days = -30;
    });
    expect([negative.status, negative.body.error?.code]).toEqual([400, "bad_request"]);
    expect((negative.body.error as unknown as { message: string }).message).toContain(
      "body.automations.winBack.steps.1.days",
    );

    const endless = await put((a) => {
      a.budget.quietHours = { start: "21:00", end: "21:00" };
    });
    expect([endless.status, endless.body.error?.code]).toEqual([400, "bad_request"]);
    expect((endless.body.error as unknown as { message: string }).message).toContain(
      "body.automations.budget.quietHours.end",
    );

    const unknown = await put((a) => {
      a.replenish.templateId = "tpl_nothing";
    });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "template_not_found"]);
    expect((unknown.body.error as unknown as { message: string }).message).toContain(
      "body.automations.replenish.templateId",
    );

    const stolen = await put((a) => {
      a.winBack.steps[2].templateId = foreign.id;
    });
    expect([stolen.status, stolen.body.error?.code]).toEqual([404, "template_not_found"]);
    expect((stolen.body.error as unknown as { message: string }).message).toContain(
      "body.automations.winBack.steps.2.templateId",
    );

    expect((await shopApi(server, "/v1/config")).body).toEqual(before);

    const mine = await createTemplateOverApi(server);
    const ok = await put((a) => {
      a.winBack.steps[2].templateId = mine;
    });
    expect(ok.status).toBe(200);
  });

  it("answers a viewer's touches and opt-out only for valid input", async () => {
    const bad = await shopApi(server, "/v1/viewers/amy/contact", { method: "PUT", body: { optOut: "yes" } });
    expect([bad.status, bad.body.error?.code]).toEqual([400, "bad_request"]);
    const limit = await shopApi(server, "/v1/viewers/amy/touches?limit=0");
    expect([limit.status, limit.body.error?.code]).toEqual([400, "bad_request"]);
    const stranger = await shopApi(server, "/v1/viewers/amy/touches", { secret: "sk_wrong" });
    expect(stranger.status).toBe(401);
  });
});

void DAY_MS;

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CampaignInput, type CampaignRun, ClientEvent, ServerEvent } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { call, joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchFor } from "../../support/watch.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

// the test clock starts at 2026-11-02 12:00 in Shanghai (the shop's zone), a Monday
const festival = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  name: { "zh-CN": "双倍积分节", en: "Double points festival" },
  schedule: { kind: "dates", start: "2026-11-02T00:00", end: "2026-11-03T00:00" },
  orderMultiplier: 2,
  watchMultiplier: 3,
  ...overrides,
});

const listed = async () =>
  ((await shopApi(server, "/v1/campaigns")).body.campaigns as { id: string }[]).map((c) => c.id);

async function create(input: CampaignInput): Promise<string> {
  const { status, body } = await shopApi(server, "/v1/campaigns", { body: input });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.id as string;
}

describe("the campaigns API", () => {
  it("creates, lists, changes and deletes a campaign, each change in the audit log", async () => {
    const id = await create(festival());
    const { body } = await shopApi(server, "/v1/campaigns");
    expect(body.campaigns).toEqual([
      expect.objectContaining({ id, orderMultiplier: 2, watchMultiplier: 3, coupons: [], name: festival().name }),
    ]);

    const patched = await shopApi(server, `/v1/campaigns/${id}`, { method: "PATCH", body: { orderMultiplier: 1.5 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, orderMultiplier: 1.5, watchMultiplier: 3 });

    const deleted = await shopApi(server, `/v1/campaigns/${id}`, { method: "DELETE" });
    expect(deleted.body).toEqual({ id, deleted: true });
    expect(await listed()).toEqual([]);
    const again = await shopApi(server, `/v1/campaigns/${id}`, { method: "DELETE" });
    expect([again.status, again.body.error?.code]).toEqual([404, "campaign_not_found"]);

    const audit = await shopApi(server, "/v1/audit?target=campaign");
    const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
    expect(actions.sort()).toEqual(["campaign.create", "campaign.delete", "campaign.update"]);
  });

  it("keeps tier-reserved coupons of templates and tiers the shop has", async () => {
    const templateId = await createTemplateOverApi(server);
    await create(festival({ coupons: [{ templateId, tiers: ["gold", "vip"] }] }));
    const { body } = await shopApi(server, "/v1/campaigns");
    expect((body.campaigns as { coupons: unknown }[])[0]?.coupons).toEqual([{ templateId, tiers: ["gold", "vip"] }]);
  });

  it("refuses, with a code and the field, and changes nothing", async () => {
    const templateId = await createTemplateOverApi(server);
    const kept = await create(festival());
    const cases: [unknown, number, string, string | null][] = [
      [
        festival({ schedule: { kind: "dates", start: "2026-12-06T10:00", end: "2026-12-04T10:00" } }),
        422,
        "campaign_invalid",
        "schedule.end",
      ],
      [
        festival({ coupons: [{ templateId: "tpl_nope", tiers: ["gold"] }] }),
        404,
        "template_not_found",
        "coupons.0.templateId",
      ],
      [festival({ coupons: [{ templateId, tiers: ["platinum"] }] }), 422, "campaign_invalid", "coupons.0.tiers"],
      // Monday 2 November is inside the festival, and the multipliers differ
      [
        festival({ schedule: { kind: "recurring", daysOfWeek: [1] }, orderMultiplier: 3 }),
        409,
        "campaign_overlap",
        "schedule",
      ],
      [festival({ watchMultiplier: 0 }), 400, "bad_request", null],
      [{ ...festival(), extra: true }, 400, "bad_request", null],
    ];
    for (const [input, status, code, path] of cases) {
      const res = await shopApi(server, "/v1/campaigns", { body: input });
      expect([res.status, res.body.error?.code], JSON.stringify(input)).toEqual([status, code]);
      const fields = (res.body.error as { fields?: { path: string }[] }).fields ?? [];
      if (path) expect(fields.map((f) => f.path)).toContain(path);
    }
    // a change into a clash is refused the same way and leaves the campaign as it was
    const other = await create(
      festival({ schedule: { kind: "dates", start: "2026-11-10T00:00", end: "2026-11-11T00:00" }, orderMultiplier: 4 }),
    );
    const clash = await shopApi(server, `/v1/campaigns/${other}`, {
      method: "PATCH",
      body: { schedule: { kind: "dates", start: "2026-11-02T20:00", end: "2026-11-04T00:00" } },
    });
    expect([clash.status, clash.body.error?.code]).toEqual([409, "campaign_overlap"]);
    expect((await listed()).sort()).toEqual([kept, other].sort());
    const { body } = await shopApi(server, "/v1/campaigns");
    const stored = (body.campaigns as { id: string; schedule: { start: string } }[]).find((c) => c.id === other);
    expect(stored?.schedule.start).toBe("2026-11-10T00:00");
    // agreeing multipliers may overlap
    await create(festival({ schedule: { kind: "recurring", daysOfWeek: [1] } }));
  });
});

describe("what a running campaign multiplies", () => {
  it("watch points: a block pays the campaign's multiplier, within the daily cap", async () => {
    await create(festival());
    const { socket, snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.campaign).toMatchObject({ kind: "campaign", watchMultiplier: 3, orderMultiplier: 2 });
    expect(snapshot.watch?.nextBlockPoints).toBe(30);
    await watchFor(server, socket, 10 * 60, 30);
    expect(await balanceOf(server, "amy")).toEqual({ points: 30, growth: 30 });
    // four blocks would be 120 at ×3: the cap stops the fifth
    await watchFor(server, socket, 40 * 60, 30, undefined, false);
    expect((await balanceOf(server, "amy")).points).toBe(120);
  });

  it("order points: the answer and order.credited name the campaign; outside it nothing is multiplied", async () => {
    const id = await create(festival());
    // an endpoint, so order.credited is queued (nothing is sent: the outbox worker is not asked to run)
    const endpoint = await shopApi(server, "/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/hooks" } });
    expect(endpoint.status).toBe(200);
    const order = (orderId: string, paidAt: number) =>
      shopApi(server, "/v1/orders", {
        body: { orderId, viewerId: "bo", amount: 10_000, items: [{ sku: "tea", qty: 1, price: 10_000 }], paidAt },
      });
    const outside = await order("o-1", Date.UTC(2026, 10, 3, 4));
    expect(outside.body.campaign).toBeNull();
    const inside = await order("o-2", server.clock.now());
    expect(inside.body.campaign).toEqual({ id, name: festival().name, multiplier: 2 });
    expect(inside.body.pointsEarned).toBe(2 * (outside.body.pointsEarned as number));
    // a replay answers the same
    expect((await order("o-2", server.clock.now())).body).toEqual(inside.body);
    // a checkout's quote now applies the running campaign as the order does
    const quote = await shopApi(server, "/v1/orders/quote", { body: { viewerId: "bo", amount: 10_000 } });
    expect(quote.body.campaign).toEqual(inside.body.campaign);
    // Bo is still a Fan: the same ¥100 earns what o-2 earned
    expect(quote.body.pointsEarned).toBe(inside.body.pointsEarned);

    const queued = await server.store.db
      .selectFrom("outbox")
      .select("body")
      .where("event", "=", "order.credited")
      .execute();
    const data = queued.map((row) => (JSON.parse(row.body) as { data: { orderId: string; campaign: unknown } }).data);
    expect(data.find((d) => d.orderId === "o-2")?.campaign).toEqual({ id, name: festival().name, multiplier: 2 });
    expect(data.find((d) => d.orderId === "o-1")?.campaign).toBeNull();
  });

  it("a member day and a campaign on the same day: the higher watch multiplier, not both", async () => {
    // the config's member day is the 18th: make Monday 2 November one too, at ×2
    const res = await shopApi(server, "/v1/config");
    const config = res.body as Record<string, unknown>;
    const put = await fetch(`${server.url}/v1/config`, {
      method: "PUT",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ ...config, memberDays: { daysOfMonth: [], daysOfWeek: [1], multiplier: 2 } }),
    });
    expect(put.status).toBe(200);
    const before = await joinRoom(server, await server.token("cy"));
    expect(before.snapshot.campaign).toMatchObject({ kind: "member_day", id: "member-day" });
    expect(before.snapshot.watch?.nextBlockPoints).toBe(20);
    before.socket.disconnect();

    await create(festival({ watchMultiplier: 3 }));
    const { snapshot } = await joinRoom(server, await server.token("cy"));
    expect(snapshot.campaign).toMatchObject({ kind: "campaign" });
    expect(snapshot.watch?.nextBlockPoints).toBe(30);
  });
});

describe("coupons a campaign reserves for tiers", () => {
  it("while it runs only those tiers are granted the template; before and after, anyone", async () => {
    const templateId = await createTemplateOverApi(server, { perViewerLimit: 5 });
    await create(
      festival({
        schedule: { kind: "dates", start: "2026-11-02T10:00", end: "2026-11-02T14:00" },
        coupons: [{ templateId, tiers: ["silver", "gold"] }],
      }),
    );
    const growth = await shopApi(server, "/v1/viewers/sil/growth", {
      body: { delta: 600, note: "seed", idempotencyKey: "sil-1" },
    });
    expect(growth.status).toBe(200);
    // a Fan: known to the shop, no growth
    await joinRoom(server, await server.token("fay"));
    const grant = (viewerId: string, key: string) =>
      shopApi(server, `/v1/viewers/${viewerId}/coupons`, {
        body: { templateId, note: "campaign", idempotencyKey: key },
      });

    const fan = await grant("fay", "fay-1");
    expect([fan.status, fan.body.error?.code]).toEqual([403, "tier_too_low"]);
    expect((await grant("sil", "sil-1")).status).toBe(200);
    const held = await shopApi(server, "/v1/viewers/fay");
    expect(held.body.coupons ?? []).toEqual([]);

    // after the campaign the template is anyone's again
    server.clock.advance(3 * 3_600_000);
    expect((await grant("fay", "fay-2")).status).toBe(200);
  });
});

describe("the dashboard compares campaign days with ordinary ones", () => {
  it("over the last 28 whole days, member days counted as campaign days", async () => {
    await create(
      festival({ schedule: { kind: "recurring", daysOfWeek: [5] }, orderMultiplier: 1, watchMultiplier: 2 }),
    );
    const order = (orderId: string, amount: number, paidAt: number) =>
      shopApi(server, "/v1/orders", {
        body: { orderId, viewerId: "dee", amount, items: [{ sku: "tea", qty: 1, price: amount }], paidAt },
      });
    // Friday 30 October and Tuesday 27 October, noon in Shanghai; today (Monday) is left out
    expect((await order("d-1", 10_000, Date.UTC(2026, 9, 30, 4))).status).toBe(200);
    expect((await order("d-2", 5_000, Date.UTC(2026, 9, 27, 4))).status).toBe(200);
    expect((await order("d-3", 7_000, server.clock.now())).status).toBe(200);
    const { status, body } = await shopApi(server, `/v1/insight?room=${server.roomId}`);
    expect(status).toBe(200);
    // four Fridays and the member day of 18 October
    expect(body.campaignDays).toEqual({
      sinceDays: 28,
      campaign: { days: 5, orders: 0.2, revenue: 2_000, watchMinutes: 0 },
      ordinary: { days: 23, orders: 1 / 23, revenue: Math.round(5_000 / 23), watchMinutes: 0 },
    });
  });
});

describe("the widget hears of campaigns", () => {
  it("the snapshot carries the next campaign within a day; a change reaches the room as a push", async () => {
    const { socket, snapshot } = await joinRoom(server, await server.token("amy"));
    expect(snapshot.campaign).toBeNull();
    const pushed = next(socket, ServerEvent.campaign);
    const id = await create(
      festival({ schedule: { kind: "dates", start: "2026-11-02T14:14", end: "2026-11-02T20:00" } }),
    );
    const run = (await pushed) as CampaignRun;
    // 12:00 now, 14:14 in Shanghai is 06:14 UTC
    expect(run).toMatchObject({ id, startsAt: Date.UTC(2026, 10, 2, 6, 14), endsAt: Date.UTC(2026, 10, 2, 12) });
    const sync = await call(socket, ClientEvent.sync, {});
    expect(sync.ok && sync.data.campaign?.id).toBe(id);

    const gone = next(socket, ServerEvent.campaign);
    await shopApi(server, `/v1/campaigns/${id}`, { method: "DELETE" });
    expect(await gone).toBeNull();
  });
});

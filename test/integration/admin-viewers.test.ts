import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyStore } from "../../server/ops/verify.js";
import { createShop } from "../../server/services/shops.js";
import { NAME_SCAN_WINDOW } from "../../server/services/viewer-search.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { type AdminBrowser, printLink, signIn } from "../helpers/admin.js";

/** The back office's Viewers routes: search, profile, orders, adjust, grant and revoke, and their refusals. */
let server: TestServer;
let browser: AdminBrowser;
let otherBrowser: AdminBrowser;
let templateId: string;

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const read = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Record<string, unknown> & { error?: { code: string; fields?: { path: string }[] } },
});
const get = async (path: string) => read(await browser.fetch(path));
const post = async (path: string, body: unknown, who = browser) => read(await who.fetch(path, json(body)));

type Row = { viewerId: string; name: string | null; tier: { key: string }; points: number; growth: number };
type Coupon = { code: string; state: string; source: string };

beforeAll(async () => {
  server = await startServer();
  const now = server.clock.now();
  const { db } = server.store;
  for (const [id, name] of [
    ["amy-01", "Amy Chen"],
    ["amy-02", "Amelia"],
    ["bob", "Bob AMY-fan"],
    ["lin", "林小美"],
    ["wu", "吴美美"],
    ["pct", "100%_real"],
  ] as const) {
    await ensureViewer(db, server.shop.id, id, { name }, now);
  }
  browser = await signIn(server);
  templateId = await createTemplateOverApi(server, { stock: 3, perViewerLimit: 2 });
  // an order for amy-01: 200 growth and her first order
  const order = await shopApi(server, "/v1/orders", {
    body: {
      orderId: "ord-1",
      viewerId: "amy-01",
      amount: 20_000,
      items: [{ sku: "tea", qty: 1, price: 20_000 }],
      paidAt: now,
    },
  });
  if (order.status !== 200) throw new Error(JSON.stringify(order.body));
  const other = await createShop(db, { name: "Other" }, now);
  await ensureViewer(db, other.id, "stranger", { name: "Amy Elsewhere" }, now);
  otherBrowser = await signIn(server, await printLink(server, other.id));
});
afterAll(async () => {
  await server.close();
});

describe("GET /v1/viewers: search", () => {
  it("finds ids by their start first, then names by any part (letters in any case), with tier and balance", async () => {
    const { status, body } = await get("/v1/viewers?q=amy");
    expect(status).toBe(200);
    const rows = body.viewers as Row[];
    expect(rows.map((r) => r.viewerId)).toEqual(["amy-01", "amy-02", "bob"]);
    expect(rows[0]).toMatchObject({ name: "Amy Chen", tier: { key: "fan" }, growth: 200 });
    expect(body.nextCursor).toBeNull();
  });

  it("finds Chinese names by a part of them, and takes % and _ as themselves", async () => {
    const han = await get(`/v1/viewers?q=${encodeURIComponent("美")}`);
    expect((han.body.viewers as Row[]).map((r) => r.viewerId).sort()).toEqual(["lin", "wu"]);
    const literal = await get(`/v1/viewers?q=${encodeURIComponent("%_")}`);
    expect((literal.body.viewers as Row[]).map((r) => r.viewerId)).toEqual(["pct"]);
  });

  it("pages with the cursor without repeating or losing anyone", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/viewers?q=a&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.viewers as Row[]).map((r) => r.viewerId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(["amy-01", "amy-02", "bob", "pct"]);
  });

  it("reads a bounded stretch of viewers per page for a name, and says where to go on", async () => {
    const { db } = server.store;
    const shop = await createShop(db, { name: "Big" }, server.clock.now());
    const ids = Array.from({ length: NAME_SCAN_WINDOW + 5 }, (_, i) => `v${String(i).padStart(6, "0")}`);
    await db
      .insertInto("viewers")
      .values(
        ids.map((id) => ({
          shop_id: shop.id,
          viewer_id: id,
          name: id === ids.at(-1) ? "Needle" : "hay",
          points: 0,
          growth: 0,
          created_at: 0,
        })),
      )
      .execute();
    const big = await signIn(server, await printLink(server, shop.id));
    const first = await read(await big.fetch("/v1/viewers?q=needle"));
    expect(first.body.viewers).toEqual([]);
    expect(first.body.nextCursor).toBe(`n.${ids[NAME_SCAN_WINDOW - 1]}`);
    const second = await read(await big.fetch(`/v1/viewers?q=needle&cursor=${first.body.nextCursor}`));
    expect((second.body.viewers as Row[]).map((r) => r.name)).toEqual(["Needle"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("never lists another shop's viewers", async () => {
    const mine = await get("/v1/viewers?q=stranger");
    expect(mine.body.viewers).toEqual([]);
    const theirs = await read(await otherBrowser.fetch("/v1/viewers?q=amy"));
    expect((theirs.body.viewers as Row[]).map((r) => r.viewerId)).toEqual(["stranger"]);
  });

  it("refuses an empty query and a made-up cursor per field", async () => {
    const empty = await get("/v1/viewers?q=%20");
    expect(empty.status).toBe(400);
    expect(empty.body.error?.fields?.map((f) => f.path)).toEqual(["query.q"]);
    expect((await get("/v1/viewers?q=a&cursor=x")).body.error?.code).toBe("bad_request");
  });

  it("answers the shop's API key the same", async () => {
    const byKey = await shopApi(server, "/v1/viewers?q=amy");
    expect(byKey.body).toEqual((await get("/v1/viewers?q=amy")).body);
  });
});

describe("GET /v1/viewers/:id/profile and orders", () => {
  it("shows the viewer with their coupons, segments, ledger, orders and touches", async () => {
    const { status, body } = await get("/v1/viewers/amy-01/profile");
    expect(status).toBe(200);
    const profile = body as {
      viewer: { viewerId: string; wallet: { growth: number }; segments: { segments: string[] } };
      ledger: { reason: string }[];
      orders: { orders: { orderId: string }[]; nextCursor: string | null };
      touches: unknown[];
    };
    expect(profile.viewer).toMatchObject({ viewerId: "amy-01", wallet: { growth: 200 } });
    expect(profile.viewer.segments.segments).toContain("new_buyer");
    expect(profile.ledger.map((e) => e.reason)).toEqual(["order"]);
    expect(profile.orders).toEqual({
      orders: [expect.objectContaining({ orderId: "ord-1", amount: 20_000 })],
      nextCursor: null,
    });
    expect(profile.touches).toEqual([]);
  });

  it("pages a viewer's orders newest first", async () => {
    for (const [orderId, at] of [
      ["ord-2", 1],
      ["ord-3", 2],
    ] as const) {
      await shopApi(server, "/v1/orders", {
        body: { orderId, viewerId: "amy-02", amount: 1000, items: [], paidAt: server.clock.now() + at },
      });
    }
    const first = await get("/v1/viewers/amy-02/orders?limit=1");
    expect(first.body).toEqual({ orders: [expect.objectContaining({ orderId: "ord-3" })], nextCursor: "ord-3" });
    const second = await get("/v1/viewers/amy-02/orders?limit=1&cursor=ord-3");
    expect(second.body).toEqual({ orders: [expect.objectContaining({ orderId: "ord-2" })], nextCursor: null });
    // another viewer's order is no place in this list
    expect((await get("/v1/viewers/amy-02/orders?cursor=ord-1")).status).toBe(400);
  });

  it("refuses an unknown viewer, and another shop's, as viewer_not_found", async () => {
    expect((await get("/v1/viewers/nobody/profile")).body.error?.code).toBe("viewer_not_found");
    expect((await get("/v1/viewers/nobody/orders")).body.error?.code).toBe("viewer_not_found");
    expect((await read(await otherBrowser.fetch("/v1/viewers/amy-01/profile"))).body.error?.code).toBe(
      "viewer_not_found",
    );
  });
});

type Audit = { entries: { action: string; actor: string; target: { id: string }; before: unknown; after: unknown }[] };
const audit = async (query: string) => (await get(`/v1/audit${query}`)).body as unknown as Audit;

describe("adjusting points and growth", () => {
  it("adjusts points with a reason through the ledger and records who did it, before and after", async () => {
    const { status, body } = await post("/v1/viewers/lin/points", {
      delta: 50,
      note: "late parcel",
      idempotencyKey: "k1",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      wallet: { points: 50 },
      entry: { reason: "adjust", note: "late parcel" },
      replayed: false,
    });
    // a replay changes nothing and records nothing more
    expect(
      (await post("/v1/viewers/lin/points", { delta: 50, note: "late parcel", idempotencyKey: "k1" })).body.replayed,
    ).toBe(true);
    const entries = (await audit("?target=viewer:lin")).entries;
    expect(entries).toEqual([
      expect.objectContaining({
        action: "viewer.adjust",
        actor: `session:${browser.sessionId}`,
        before: { points: 0, growth: 0, tier: "fan" },
        after: { points: 50, growth: 0, tier: "fan", note: "late parcel" },
      }),
    ]);
  });

  it("records the API's adjustments too, as the api", async () => {
    const byKey = await shopApi(server, "/v1/viewers/wu/points", { body: { delta: 5, idempotencyKey: "api-1" } });
    expect(byKey.status).toBe(200);
    expect((await audit("?target=viewer:wu")).entries).toEqual([
      expect.objectContaining({ action: "viewer.adjust", actor: "api", after: expect.objectContaining({ points: 5 }) }),
    ]);
  });

  it("adjusts growth with a reason, and the tier follows", async () => {
    const { status, body } = await post("/v1/viewers/lin/growth", {
      delta: 600,
      note: "VIP event",
      idempotencyKey: "g1",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      wallet: { growth: 600, tier: { key: "silver" } },
      entry: { growthDelta: 600, delta: 0 },
    });
    expect((await audit("?target=viewer:lin")).entries[0]).toMatchObject({
      before: { growth: 0, tier: "fan" },
      after: { growth: 600, tier: "silver", note: "VIP event" },
    });
  });

  it("refuses to take points or growth below zero, and changes nothing", async () => {
    const points = await post("/v1/viewers/lin/points", { delta: -51, note: "x", idempotencyKey: "k2" });
    expect(points).toMatchObject({ status: 409, body: { error: { code: "insufficient_points" } } });
    const growth = await post("/v1/viewers/lin/growth", { delta: -601, note: "x", idempotencyKey: "g2" });
    expect(growth).toMatchObject({ status: 409, body: { error: { code: "insufficient_growth" } } });
    expect((await get("/v1/viewers/lin/profile")).body.viewer).toMatchObject({ wallet: { points: 50, growth: 600 } });
    expect((await audit("?target=viewer:lin")).entries).toHaveLength(2);
  });

  it("refuses a growth adjustment without a reason, per field", async () => {
    const { status, body } = await post("/v1/viewers/lin/growth", { delta: 5, note: " ", idempotencyKey: "g3" });
    expect(status).toBe(400);
    expect(body.error?.fields?.map((f) => f.path)).toEqual(["note"]);
  });

  it("refuses a session's adjustment of an unknown viewer, and of another shop's", async () => {
    const unknown = await post("/v1/viewers/nobody/points", { delta: 5, note: "x", idempotencyKey: "k3" });
    expect(unknown.body.error?.code).toBe("viewer_not_found");
    const cross = await post("/v1/viewers/lin/growth", { delta: 5, note: "x", idempotencyKey: "g4" }, otherBrowser);
    expect(cross.body.error?.code).toBe("viewer_not_found");
    expect((await get("/v1/viewers?q=nobody")).body.viewers).toEqual([]);
  });

  it("refuses a write without the CSRF token, or with a wrong one", async () => {
    for (const csrf of [null, "wrong"]) {
      const refused = await read(
        await browser.fetch("/v1/viewers/lin/growth", {
          ...json({ delta: 5, note: "x", idempotencyKey: `c-${csrf}` }),
          csrf,
        }),
      );
      expect(refused).toMatchObject({ status: 403, body: { error: { code: "csrf_invalid" } } });
    }
    expect((await get("/v1/viewers/lin/profile")).body.viewer).toMatchObject({ wallet: { growth: 600 } });
  });
});

describe("granting and revoking coupons", () => {
  let granted: Coupon;

  it("grants a coupon by hand (source manual), counting against the template's stock, audited", async () => {
    const { status, body } = await post("/v1/viewers/wu/coupons", { templateId, note: "sorry", idempotencyKey: "gr1" });
    expect(status).toBe(200);
    granted = body.coupon as Coupon;
    expect(granted).toMatchObject({ source: "manual", state: "issued" });
    expect(
      (await post("/v1/viewers/wu/coupons", { templateId, note: "sorry", idempotencyKey: "gr1" })).body,
    ).toMatchObject({
      replayed: true,
      coupon: { code: granted.code },
    });
    const templates = (await shopApi(server, "/v1/coupon-templates")).body.templates as {
      id: string;
      issued: number;
    }[];
    expect(templates.find((t) => t.id === templateId)?.issued).toBe(1);
    expect((await audit(`?target=coupon:${granted.code}`)).entries).toEqual([
      expect.objectContaining({
        action: "coupon.grant",
        after: expect.objectContaining({ viewerId: "wu", note: "sorry" }),
      }),
    ]);
  });

  it("refuses a grant past the template's stock or limit, of another shop's template, or to an unknown viewer", async () => {
    expect((await post("/v1/viewers/wu/coupons", { templateId, note: "x", idempotencyKey: "gr2" })).status).toBe(200);
    expect(
      (await post("/v1/viewers/wu/coupons", { templateId, note: "x", idempotencyKey: "gr3" })).body.error?.code,
    ).toBe("coupon_limit");
    expect((await post("/v1/viewers/lin/coupons", { templateId, note: "x", idempotencyKey: "gr4" })).status).toBe(200);
    expect(
      (await post("/v1/viewers/bob/coupons", { templateId, note: "x", idempotencyKey: "gr5" })).body.error?.code,
    ).toBe("sold_out");
    expect(
      (await post("/v1/viewers/nobody/coupons", { templateId, note: "x", idempotencyKey: "gr6" })).body.error?.code,
    ).toBe("viewer_not_found");
    const cross = await post(
      "/v1/viewers/stranger/coupons",
      { templateId, note: "x", idempotencyKey: "gr7" },
      otherBrowser,
    );
    expect(cross.body.error?.code).toBe("template_not_found");
  });

  it("revokes an issued coupon with a reason: the viewer sees it revoked, checkout refuses it, verify stays clean", async () => {
    const { status, body } = await post(`/v1/coupons/${granted.code}/revoke`, { reason: "granted twice" });
    expect(status).toBe(200);
    expect(body.coupon).toMatchObject({ code: granted.code, state: "revoked" });
    const held = (await get("/v1/viewers/wu/profile")).body.viewer as { coupons: Coupon[] };
    expect(held.coupons.find((c) => c.code === granted.code)?.state).toBe("revoked");
    const redeem = await shopApi(server, `/v1/coupons/${granted.code}/redeem`, {
      body: { orderId: "ord-9", viewerId: "wu", amount: 50_000 },
    });
    expect(redeem).toMatchObject({ status: 409, body: { error: { code: "coupon_revoked" } } });
    expect((await audit(`?target=coupon:${granted.code}`)).entries[0]).toMatchObject({
      action: "coupon.revoke",
      before: { state: "issued" },
      after: { state: "revoked", reason: "granted twice" },
    });
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("refuses to revoke a revoked, redeemed or expired coupon, or one of another shop", async () => {
    expect((await post(`/v1/coupons/${granted.code}/revoke`, { reason: "again" })).body.error?.code).toBe(
      "coupon_revoked",
    );
    const coupons = ((await get("/v1/viewers/wu/profile")).body.viewer as { coupons: Coupon[] }).coupons;
    const other = coupons.find((c) => c.state === "issued") as Coupon;
    expect((await post(`/v1/coupons/${other.code}/revoke`, { reason: "x" }, otherBrowser)).body.error?.code).toBe(
      "coupon_not_found",
    );
    const redeemed = await shopApi(server, `/v1/coupons/${other.code}/redeem`, {
      body: { orderId: "ord-10", viewerId: "wu", amount: 50_000 },
    });
    expect(redeemed.status).toBe(200);
    expect((await post(`/v1/coupons/${other.code}/revoke`, { reason: "x" })).body.error?.code).toBe("coupon_used");
    const lins = ((await get("/v1/viewers/lin/profile")).body.viewer as { coupons: Coupon[] }).coupons;
    // a month on, the session has ended too: the shop's API key revokes the same way
    server.clock.advance(31 * 24 * 3600 * 1000);
    const late = await shopApi(server, `/v1/coupons/${lins[0]?.code}/revoke`, { body: { reason: "x" } });
    expect(late.body.error?.code).toBe("coupon_expired");
    const unsaid = await shopApi(server, `/v1/coupons/${lins[0]?.code}/revoke`, { body: { reason: "" } });
    expect((unsaid.body.error as { fields?: { path: string }[] }).fields?.map((f) => f.path)).toEqual(["reason"]);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("verify finds a coupon revoked outside the service, with no audit entry", async () => {
    const { db } = server.store;
    const coupon = await db
      .selectFrom("coupons")
      .select("code")
      .where("state", "=", "issued")
      .executeTakeFirstOrThrow();
    await db.updateTable("coupons").set({ state: "revoked" }).where("code", "=", coupon.code).execute();
    const violations = await verifyStore(server.store);
    expect(violations.map((v) => v.check)).toEqual(["every coupon granted or revoked by hand has its audit entry"]);
    expect(violations[0]?.rows).toEqual([expect.objectContaining({ code: coupon.code })]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, type CouponTemplate, HostEvent, type TemplateCounts } from "../../protocol/index.js";
import { createShop } from "../../server/services/shops.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { commerceFingerprint, createTemplateOverApi, setRepurchase, shopApi } from "../../support/commerce.js";
import { joinAsHost, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { type AdminBrowser, printLink, signIn } from "../helpers/admin.js";
import { order, setAutomations, sweepAfter, touchRows } from "../helpers/lifecycle.js";

let server: TestServer;
let browser: AdminBrowser;
beforeEach(async () => {
  server = await startServer();
  browser = await signIn(server);
});
afterEach(async () => {
  await server.close();
});

type ErrorBody = { error: { code: string; fields?: { path: string; message: string }[] } };

const send = (path: string, method: string, body?: unknown, csrf?: string | null) =>
  browser.fetch(path, {
    method,
    ...(csrf === undefined ? {} : { csrf }),
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
const edit = (id: string, body: unknown, csrf?: string | null) =>
  send(`/v1/coupon-templates/${id}`, "PATCH", body, csrf);
const act = (id: string, action: "pause" | "resume" | "clone", csrf?: string | null) =>
  send(`/v1/coupon-templates/${id}/${action}`, "POST", undefined, csrf);
const counts = async (): Promise<TemplateCounts[]> =>
  ((await (await browser.fetch("/v1/coupon-templates/counts")).json()) as { templates: TemplateCounts[] }).templates;
const templateRow = (id: string) =>
  server.store.db.selectFrom("coupon_templates").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const auditOf = async (action: string) =>
  (
    (await (await browser.fetch(`/v1/audit?action=${action}`)).json()) as {
      entries: { actor: string; target: { id: string }; before: unknown; after: unknown }[];
    }
  ).entries;
const fund = (viewerId: string, delta: number, key: string) =>
  shopApi(server, `/v1/viewers/${viewerId}/points`, { body: { delta, idempotencyKey: key } });

/** A viewer who exchanges points for one coupon of the template; answers the exchange's ack. */
async function exchange(viewerId: string, templateId: string) {
  await fund(viewerId, 1000, `fund-${viewerId}-${templateId}`);
  const { socket } = await joinRoom(server, await server.token(viewerId));
  try {
    return await call(socket, ClientEvent.exchange, { templateId });
  } finally {
    socket.disconnect();
  }
}

describe("the back office's coupon templates", () => {
  it("lists every template, paused too, with stock left and issued and redeemed counts", async () => {
    const id = await createTemplateOverApi(server, { pointsCost: 100, stock: 5 });
    const quiet = await createTemplateOverApi(server, { name: { "zh-CN": "闲置", en: "Idle" } });
    for (const viewer of ["amy", "bo"]) expect((await exchange(viewer, id)).ok).toBe(true);
    const [amyCoupon] = await server.store.db
      .selectFrom("coupons")
      .selectAll()
      .where("viewer_id", "=", "amy")
      .execute();
    const redeemed = await shopApi(server, `/v1/coupons/${amyCoupon?.code}/redeem`, {
      body: { orderId: "o-1", viewerId: "amy", amount: 20_000 },
    });
    expect(redeemed.status).toBe(200);
    expect((await act(quiet, "pause")).status).toBe(200);

    const list = await counts();
    expect(list.map((t) => [t.id, t.stock, t.issued, t.redeemed, t.remaining, t.active])).toEqual([
      [id, 5, 2, 1, 3, true],
      [quiet, null, 0, 0, null, false],
    ]);
    // the shop's backend reads the same list with its key
    const overKey = await shopApi(server, "/v1/coupon-templates/counts");
    expect((overKey.body.templates as TemplateCounts[]).map((t) => t.id)).toEqual([id, quiet]);
  });

  it("edits name, stock, validity, limit, tier and price for coupons issued from then on, audited", async () => {
    const id = await createTemplateOverApi(server, { pointsCost: 100, validDays: 30 });
    expect((await exchange("amy", id)).ok).toBe(true);
    const name = { "zh-CN": "新名字", en: "New name" };
    const response = await edit(id, { name, stock: 50, validDays: 7, perViewerLimit: 3, minTier: "silver" });
    expect(response.status).toBe(200);
    const edited = (await response.json()) as CouponTemplate;
    expect(edited).toMatchObject({ id, name, stock: 50, validDays: 7, perViewerLimit: 3, minTier: "silver" });
    expect(edited).toMatchObject({ kind: "amount", value: 2000, minSpend: 10_000, issued: 1, active: true });
    // the coupon already issued keeps the name and expiry it was issued with
    const [issued] = await server.store.db.selectFrom("coupons").selectAll().execute();
    expect(JSON.parse(issued?.name ?? "{}")).toEqual({ "zh-CN": "满100减20", en: "¥20 off ¥100" });
    expect((issued?.expires_at ?? 0) - (issued?.issued_at ?? 0)).toBe(30 * 86_400_000);

    const [entry] = await auditOf("template.update");
    expect(entry).toMatchObject({
      actor: `session:${browser.sessionId}`,
      target: { id },
      before: { stock: null, validDays: 30 },
      after: { name, stock: 50, validDays: 7 },
    });
    // an edit that changes nothing records nothing
    expect((await edit(id, { stock: 50 })).status).toBe(200);
    expect(await auditOf("template.update")).toHaveLength(1);
  });

  it.each([
    ["kind", { kind: "percent" }],
    ["value", { value: 500 }],
    ["minSpend", { minSpend: 0 }],
    ["minTier", { minTier: "platinum" }],
    ["stock", { stock: 1.5 }],
    ["validDays", { validDays: 0 }],
    ["name.en", { name: { "zh-CN": "名" } }],
  ])("refuses an edit of %s with a field error naming it, and changes nothing", async (field, body) => {
    const id = await createTemplateOverApi(server);
    const before = await commerceFingerprint(server);
    const refused = await edit(id, { perViewerLimit: 2, ...body });
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).toBe("bad_request");
    expect(error.fields?.map((f) => f.path)).toEqual([field]);
    expect(await commerceFingerprint(server)).toBe(before);
    expect((await templateRow(id)).per_viewer_limit).toBe(1);
  });

  it("refuses a stock below what was already issued, by field", async () => {
    const id = await createTemplateOverApi(server, { pointsCost: 100, perViewerLimit: 1 });
    for (const viewer of ["amy", "bo"]) expect((await exchange(viewer, id)).ok).toBe(true);
    const refused = await edit(id, { stock: 1 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorBody).error.fields).toMatchObject([{ path: "stock" }]);
    expect((await templateRow(id)).stock).toBeNull();
    expect((await edit(id, { stock: 2 })).status).toBe(200);
  });

  it("refuses an unknown template, another shop's template, and a write without CSRF token or session", async () => {
    const id = await createTemplateOverApi(server);
    const before = await commerceFingerprint(server);
    for (const missing of ["tpl_nothing"]) {
      for (const response of [
        await edit(missing, { stock: 9 }),
        await act(missing, "pause"),
        await act(missing, "clone"),
      ]) {
        expect(response.status).toBe(404);
        expect(((await response.json()) as ErrorBody).error.code).toBe("template_not_found");
      }
    }
    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const stranger = await signIn(server, await printLink(server, other.id));
    for (const [path, method] of [
      [`/v1/coupon-templates/${id}`, "PATCH"],
      [`/v1/coupon-templates/${id}/pause`, "POST"],
      [`/v1/coupon-templates/${id}/clone`, "POST"],
    ] as const) {
      const response = await stranger.fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(method === "PATCH" ? { stock: 9 } : {}),
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorBody).error.code).toBe("template_not_found");
    }
    expect(
      ((await (await stranger.fetch("/v1/coupon-templates/counts")).json()) as { templates: unknown[] }).templates,
    ).toEqual([]);

    const noCsrf = await edit(id, { stock: 9 }, null);
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as ErrorBody).error.code).toBe("csrf_invalid");
    expect(((await (await act(id, "pause", "wrong-token")).json()) as ErrorBody).error.code).toBe("csrf_invalid");
    const anonymous = await fetch(`${server.url}/v1/coupon-templates/${id}/pause`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(await commerceFingerprint(server)).toBe(before);
    expect(await templateRow(id)).toMatchObject({ stock: null, active: 1 });
  });
});

describe("a paused template issues nothing anywhere", () => {
  it("refuses offers, claims of a live offer, exchange and automations with template_paused, until resumed", async () => {
    const host = await joinAsHost(server);
    const id = await createTemplateOverApi(server, { pointsCost: 100, perViewerLimit: 5 });
    const liveOfferTemplate = await createTemplateOverApi(server, { perViewerLimit: 5 });
    await startOffer(host, liveOfferTemplate, { durationSeconds: 120 });

    const paused = await act(id, "pause");
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id, active: false });
    expect((await act(liveOfferTemplate, "pause")).status).toBe(200);
    const [entry] = await auditOf("template.pause");
    expect(entry).toMatchObject({
      target: { id: liveOfferTemplate },
      before: { active: true },
      after: { active: false },
    });

    // a deal started with it
    const offer = await call(host, HostEvent.offerStart, { templateId: id, stock: 5, durationSeconds: 60 });
    expect(offer).toMatchObject({ ok: false, error: { code: "template_paused" } });
    // a claim of the offer that went live before the pause
    const { socket: amy } = await joinRoom(server, await server.token("amy"));
    expect(await call(amy, ClientEvent.comment, { text: "1" })).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "template_paused" } },
    });
    amy.disconnect();
    // the exchange
    expect(await exchange("bo", id)).toMatchObject({ ok: false, error: { code: "template_paused" } });
    // an automation: the touch still goes, with no coupon and the reason
    await ensureViewer(server.store.db, server.shop.id, "cy", {}, server.clock.now());
    await setAutomations(server, {
      budget: { holdoutPercent: 0 },
      winBack: { enabled: true, steps: [{ days: 30, templateId: id }] },
    });
    await sweepAfter(server, 30);
    // a month on, the session has ended: sign in again
    browser = await signIn(server);
    const touch = (await touchRows(server)).find((r) => r.viewer_id === "cy" && r.kind === "win_back");
    expect(touch).toMatchObject({ coupon_code: null, reason: "template_paused" });
    // the first-order gift
    await setRepurchase(server, { firstOrderTemplateId: id });
    await order(server, "dee", "first-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    const issued = await server.store.db.selectFrom("coupons").selectAll().where("template_id", "=", id).execute();
    expect(issued).toEqual([]);
    expect((await templateRow(id)).issued).toBe(0);

    const resumed = await act(id, "resume");
    expect(await resumed.json()).toMatchObject({ id, active: true });
    expect((await auditOf("template.resume")).map((e) => e.target.id)).toEqual([id]);
    expect((await exchange("bo", id)).ok).toBe(true);
    expect((await templateRow(id)).issued).toBe(1);
  });

  it("pausing twice records one pause; resuming an active template records nothing", async () => {
    const id = await createTemplateOverApi(server);
    expect((await act(id, "resume")).status).toBe(200);
    expect((await act(id, "pause")).status).toBe(200);
    expect((await act(id, "pause")).status).toBe(200);
    expect(await auditOf("template.pause")).toHaveLength(1);
    expect(await auditOf("template.resume")).toHaveLength(0);
  });

  it("keeps automation settings writable while an automation's template is paused", async () => {
    const id = await createTemplateOverApi(server);
    await setAutomations(server, { winBack: { enabled: true, steps: [{ days: 30, templateId: id }] } });
    expect((await act(id, "pause")).status).toBe(200);
    // another automation's setting: the paused template is still this shop's, so the write stands
    const changed = await browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": "*" },
      body: JSON.stringify({ automations: { firstOrder: { afterDays: 2 } } }),
    });
    expect(changed.status).toBe(200);
    expect(
      ((await changed.json()) as { automations: { firstOrder: { afterDays: number } } }).automations.firstOrder
        .afterDays,
    ).toBe(2);
  });
});

describe("cloning a template", () => {
  it("makes a paused copy named as a copy in both languages, with nothing issued, audited", async () => {
    const id = await createTemplateOverApi(server, { pointsCost: 100, stock: 20, minTier: "silver" });
    const response = await act(id, "clone");
    expect(response.status).toBe(200);
    const copy = (await response.json()) as CouponTemplate;
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({
      name: { "zh-CN": "满100减20（副本）", en: "¥20 off ¥100 (copy)" },
      kind: "amount",
      value: 2000,
      minSpend: 10_000,
      stock: 20,
      minTier: "silver",
      pointsCost: 100,
      issued: 0,
      active: false,
    });
    expect((await counts()).map((t) => t.id)).toEqual([id, copy.id]);
    const [entry] = await auditOf("template.clone");
    expect(entry).toMatchObject({ target: { id: copy.id }, before: null, after: { clonedFrom: id, active: false } });
  });

  it("keeps a long name within the length a name may have", async () => {
    const long = { "zh-CN": "券".repeat(80), en: "x".repeat(80) };
    const id = await createTemplateOverApi(server, { name: long });
    const copy = (await (await act(id, "clone")).json()) as CouponTemplate;
    expect([...copy.name["zh-CN"]]).toHaveLength(80);
    expect(copy.name["zh-CN"].endsWith("（副本）")).toBe(true);
    expect(copy.name.en).toHaveLength(80);
    expect(copy.name.en.endsWith(" (copy)")).toBe(true);
  });
});

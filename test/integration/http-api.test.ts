import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, ServerEvent } from "../../protocol/index.js";
import { joinRoom, next, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, ledgerCount, stateFingerprint } from "../../support/watch.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const api = (path: string, init: { method?: string; body?: unknown; secret?: string | null; raw?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.secret === null ? {} : { authorization: `Bearer ${init.secret ?? server.shop.secret}` }),
      ...(init.body !== undefined || init.raw !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });

describe("the HTTP API", () => {
  it("serves /health from the store it runs on", async () => {
    const res = await api("/health", { secret: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: server.store.dialect });
  });

  it("refuses shop routes without the shop secret", async () => {
    for (const secret of [null, "sk_wrong"]) {
      const res = await api("/v1/config", { secret });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("returns the default config and refuses an invalid one, keeping the old", async () => {
    const res = await api("/v1/config");
    expect(await res.json()).toEqual(DEFAULT_CONFIG);
    const before = await stateFingerprint(server);
    const bad = await api("/v1/config", {
      method: "PUT",
      body: { ...DEFAULT_CONFIG, tiers: DEFAULT_CONFIG.tiers.map((t) => ({ ...t, threshold: 0 })) },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "bad_request" } });
    expect(await stateFingerprint(server)).toBe(before);
    const good = await api("/v1/config", {
      method: "PUT",
      body: { ...DEFAULT_CONFIG, watch: { ...DEFAULT_CONFIG.watch, dailyCap: 200 } },
    });
    expect(good.status).toBe(200);
    expect((await (await api("/v1/config")).json()).watch.dailyCap).toBe(200);
  });

  it("adjusts points exactly once per idempotency key and pushes the change", async () => {
    const { socket } = await joinRoom(server, await server.token("bo"));
    const pushed = next(socket, ServerEvent.wallet);
    const body = { delta: 300, note: "welcome gift", idempotencyKey: "gift-bo-1" };
    const first = await api("/v1/viewers/bo/points", { method: "POST", body });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ replayed: false, wallet: { points: 300 } });
    expect((await pushed).delta).toBe(300);

    const count = await ledgerCount(server);
    const replay = await api("/v1/viewers/bo/points", { method: "POST", body });
    expect(await replay.json()).toEqual({ ...firstBody, replayed: true });
    expect(await ledgerCount(server)).toBe(count);
    expect((await balanceOf(server, "bo")).points).toBe(300);

    const reuse = await api("/v1/viewers/bo/points", { method: "POST", body: { ...body, delta: 900 } });
    expect(reuse.status).toBe(409);
    expect(await reuse.json()).toMatchObject({ error: { code: "idempotency_conflict" } });
    expect((await balanceOf(server, "bo")).points).toBe(300);
  });

  it("never lets a balance go below zero", async () => {
    const res = await api("/v1/viewers/bo/points", {
      method: "POST",
      body: { delta: -301, idempotencyKey: "too-much" },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "insufficient_points" } });
    expect((await balanceOf(server, "bo")).points).toBe(300);
  });

  it("reads a viewer and their ledger", async () => {
    const viewer = await (await api("/v1/viewers/bo")).json();
    expect(viewer).toMatchObject({ viewerId: "bo", wallet: { points: 300, growth: 0, tier: { key: "fan" } } });
    const ledger = await (await api("/v1/viewers/bo/ledger?limit=5")).json();
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ delta: 300, reason: "adjust", idempotencyKey: "adjust:gift-bo-1" });
    const missing = await api("/v1/viewers/nobody");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "viewer_not_found" } });
  });

  it.each([
    ["malformed JSON", { raw: "{not json" }, 400, "bad_request"],
    ["a non-integer delta", { body: { delta: 1.5, idempotencyKey: "x" } }, 400, "bad_request"],
    ["a zero delta", { body: { delta: 0, idempotencyKey: "x" } }, 400, "bad_request"],
    ["a missing key", { body: { delta: 5 } }, 400, "bad_request"],
    ["an unknown field", { body: { delta: 5, idempotencyKey: "x", growth: 5 } }, 400, "bad_request"],
    [
      "an oversized body",
      { raw: JSON.stringify({ delta: 5, idempotencyKey: "x", note: "n".repeat(70_000) }) },
      413,
      "payload_too_large",
    ],
  ])("refuses %s and changes nothing", async (_name, init, status, code) => {
    const before = await stateFingerprint(server);
    const res = await api("/v1/viewers/bo/points", { method: "POST", ...init });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(await stateFingerprint(server)).toBe(before);
  });

  it("refuses a malformed viewer id in the path", async () => {
    const res = await api(`/v1/viewers/${encodeURIComponent("a b<script>")}`);
    expect(res.status).toBe(400);
  });

  it("publishes OpenAPI and a docs page", async () => {
    const spec = await (await api("/openapi.json", { secret: null })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(["/health", "/v1/config", "/v1/viewers/{viewerId}", "/v1/viewers/{viewerId}/points"]),
    );
    const docs = await api("/docs/", { secret: null });
    expect(docs.status).toBe(200);
  });

  it("answers unknown routes in the same error shape", async () => {
    const res = await api("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

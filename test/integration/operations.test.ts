import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { verifyStore } from "../../server/ops/verify.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
  const { socket } = await joinRoom(server, await server.token("amy"));
  await watchFor(server, socket, 20 * 60, 30);
  await fetch(`${server.url}/v1/viewers/bo/points`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ delta: 40, idempotencyKey: "ops" }),
  });
});
afterEach(async () => {
  await server.close();
});

describe("encore-server verify", () => {
  it("finds nothing wrong after real activity", async () => {
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("names the offending rows when a balance drifts from its ledger", async () => {
    await server.store.db.updateTable("viewers").set({ points: 7 }).where("viewer_id", "=", "bo").execute();
    const violations = await verifyStore(server.store);
    expect(violations.map((v) => v.check)).toEqual([
      "each balance equals the sum of its ledger",
      "each balance matches its latest ledger entry",
    ]);
    expect(violations[0]?.rows).toEqual([expect.objectContaining({ viewer_id: "bo", points: 7, ledger_sum: 40 })]);
  });

  it("checks offers and coupons: a deal coupon without its winning entry is named", async () => {
    const host = await joinAsHost(server);
    const template = await makeTemplate(host, { minSpend: 0 });
    await startOffer(host, template.id, { stock: 3 });
    const fan = await joinRoom(server, await server.token("cy"));
    const claim = await call(fan.socket, ClientEvent.comment, { text: "1" });
    expect(claim.ok && claim.data.claim?.result).toBe("won");
    expect(await verifyStore(server.store)).toEqual([]);

    await server.store.db.deleteFrom("offer_entries").where("viewer_id", "=", "cy").execute();
    const violations = await verifyStore(server.store);
    expect(violations.map((v) => v.check)).toEqual([
      "each offer's claimed count equals its winners",
      "every deal coupon has its winning entry",
    ]);
    expect(violations[1]?.rows).toEqual([expect.objectContaining({ viewer_id: "cy" })]);
  });

  it("exits non-zero from the command line when an invariant breaks", async () => {
    const run = () =>
      spawnSync(process.execPath, ["bin/encore-server.js", "verify", "--db", server.dbUrl], { encoding: "utf8" });
    const clean = run();
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("ok    each balance equals the sum of its ledger");
    await server.store.db.updateTable("viewers").set({ growth: 999 }).where("viewer_id", "=", "amy").execute();
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("FAIL  each balance matches its latest ledger entry");
    expect(broken.stdout).toContain('"viewer_id":"amy"');
  });
});

describe("/metrics", () => {
  it("exposes sockets, beats, ledger writes, refusals and event-loop lag", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^encore_sockets \d+/m);
    expect(text).toMatch(/^encore_watch_beats_total \d+/m);
    expect(text).toMatch(/^encore_ledger_writes_total\{reason="watch"\} \d+/m);
    expect(text).toContain("encore_nodejs_eventloop_lag_seconds");
  });
});

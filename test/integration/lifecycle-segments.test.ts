import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureViewer } from "../../server/store/viewers.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { DAY_MS, order } from "../helpers/lifecycle.js";

let server: TestServer;
const dormant = ["d1", "d2", "d3", "d4", "d5"];

beforeAll(async () => {
  server = await startServer();
  const { db } = server.store;
  for (const id of dormant) {
    await ensureViewer(
      db,
      server.shop.id,
      id,
      id === "d3" ? { name: '=HYPERLINK("x"), "Mei"' } : {},
      server.clock.now(),
    );
  }
  server.clock.advance(31 * DAY_MS);
  await ensureViewer(db, server.shop.id, "watcher", {}, server.clock.now());
  await db
    .insertInto("watch_state")
    .values({
      shop_id: server.shop.id,
      viewer_id: "watcher",
      credited_until: server.clock.now(),
      carry_ms: 0,
      total_ms: 2 * 3600_000,
      day: "2026-12-03",
      day_points: 0,
      blocks: 0,
      chests: 0,
      updated_at: server.clock.now(),
    })
    .execute();
  for (const n of [1, 2, 3]) await order(server, "loyal", `loyal-${n}`, [{ sku: "tea", qty: 1, price: 5_000 }]);
});
afterAll(() => server.close());

type Page = { segment: string; viewers: { viewerId: string; name: string | null }[]; nextCursor: string | null };

describe("GET /v1/segments/:segment/viewers", () => {
  it("pages through a segment with a cursor until the last page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: number[] = [];
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const res = await shopApi(server, `/v1/segments/dormant/viewers?limit=2${query}`);
      expect(res.status).toBe(200);
      const page = res.body as unknown as Page;
      pages.push(page.viewers.length);
      seen.push(...page.viewers.map((v) => v.viewerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(dormant);
    expect(pages).toEqual([2, 2, 1]);
  });

  it("finds the buyer segments by their definitions", async () => {
    const ids = async (segment: string) =>
      ((await shopApi(server, `/v1/segments/${segment}/viewers`)).body as unknown as Page).viewers.map(
        (v) => v.viewerId,
      );
    expect(await ids("watched_not_bought")).toEqual(["watcher"]);
    expect(await ids("high_value")).toEqual(["loyal"]);
    expect(await ids("new_buyer")).toEqual(["loyal"]);
  });

  it("answers CSV for Accept: text/csv or ?format=csv, with formulas kept as text", async () => {
    const byHeader = await fetch(`${server.url}/v1/segments/dormant/viewers?limit=3`, {
      headers: { authorization: `Bearer ${server.shop.secret}`, accept: "text/csv" },
    });
    expect(byHeader.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(byHeader.headers.get("encore-next-cursor")).toBe("d3");
    const lines = (await byHeader.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("viewer_id,name,since");
    expect(lines.map((l) => l.split(",")[0])).toEqual(["viewer_id", "d1", "d2", "d3"]);
    expect(lines[3]).toContain(`"'=HYPERLINK(""x""), ""Mei"""`);
    const byQuery = await fetch(`${server.url}/v1/segments/dormant/viewers?format=csv&cursor=d3`, {
      headers: { authorization: `Bearer ${server.shop.secret}` },
    });
    expect(
      (await byQuery.text())
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
    ).toEqual(["d4", "d5"]);
    expect(byQuery.headers.get("encore-next-cursor")).toBeNull();
  });

  it("refuses an unknown segment or a bad page size, and strangers", async () => {
    const unknown = await shopApi(server, "/v1/segments/whales/viewers");
    expect([unknown.status, unknown.body.error?.code]).toEqual([400, "bad_request"]);
    const big = await shopApi(server, "/v1/segments/dormant/viewers?limit=5000");
    expect([big.status, big.body.error?.code]).toEqual([400, "bad_request"]);
    expect((await shopApi(server, "/v1/segments/dormant/viewers", { secret: "sk_nope" })).status).toBe(401);
  });

  it("documents the new routes in OpenAPI", async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/segments/{segment}/viewers",
        "/v1/viewers/{viewerId}/touches",
        "/v1/viewers/{viewerId}/contact",
      ]),
    );
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Insight } from "../../protocol/index.js";
import { insight } from "../../server/services/insight.js";
import { requireShop } from "../../server/services/shops.js";
import { launchChromium } from "../../support/chromium.js";
import { scriptedLive } from "../../support/fixtures/scripted-live.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The dashboard in Chromium after a scripted live against the real server: every figure and
 * table cell it shows is the store's own answer.
 */
describe.skipIf(!requires("chromium", "widget"))("host dashboard in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let expected: Insight;

  beforeAll(async () => {
    server = await startServer();
    const { hostId } = await scriptedLive(server);
    expected = await insight(server.app.ctx, await requireShop(server.store.db, server.shop.id), server.roomId);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    const token = await server.token(hostId, { role: "host", name: "Lin" });
    await page.goto(`${server.url}/host?room=${server.roomId}&lang=en&token=${token}`);
    await page.getByRole("tab", { name: "Dashboard" }).click();
    await page.getByRole("table", { name: "Offers this live" }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const figure = async (id: string) => Number(await page.locator(`[data-figure="${id}"]`).getAttribute("data-value"));
  const cells = (table: string) =>
    page
      .locator(`table[aria-label="${table}"] tbody tr`)
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll("td")].map((td) => td.getAttribute("data-value") ?? "")),
      );

  it("the scripted live left real figures behind (so the comparison below means something)", () => {
    expect(expected.live.watch.viewers).toBe(6);
    expect(expected.live.viewers.length).toBeGreaterThanOrEqual(2);
    expect(expected.live.offers[0]).toMatchObject({ stock: 4, claimed: 4, redeemed: 2, revenue: 23_000 });
    expect(expected.shop).toMatchObject({ buyers: 3, repeatBuyers: 1 });
    expect(expected.experiments[0]?.results.reduce((n, r) => n + r.exposed, 0)).toBeGreaterThan(0);
  });

  it("shows this live's figures as the store computes them", async () => {
    expect(await figure("live-watchers")).toBe(expected.live.watch.viewers);
    expect(await figure("live-average-watch")).toBeCloseTo(expected.live.watch.averageMinutes, 10);
    expect(await figure("live-points")).toBe(expected.live.pointsIssued);
    expect(await page.locator('svg[aria-label="Viewers over time"]').getAttribute("data-points")).toBe(
      String(expected.live.viewers.length),
    );
    expect(await cells("Offers this live")).toEqual(
      expected.live.offers.map((o) =>
        [o.id, o.startedAt, o.stock, o.claimed, o.soldOutMs ?? "", o.redeemed, o.revenue].map(String),
      ),
    );
    expect((await cells("Verified watch minutes")).map((r) => Number(r[1]))).toEqual(
      expected.live.watch.distribution.map((b) => b.viewers),
    );
  });

  it("shows the shop over time as the store computes it", async () => {
    const { shop } = expected;
    expect(await figure("repurchase-rate")).toBe(shop.repurchaseRate);
    expect(await figure("buyers")).toBe(shop.buyers);
    expect(await figure("repeat-buyers")).toBe(shop.repeatBuyers);
    expect(await figure("revenue-total")).toBe(shop.revenue.total);
    expect(await figure("revenue-with-coupon")).toBe(shop.revenue.withCoupon);
    expect(await cells("First-order cohorts: came back in week…")).toEqual(
      shop.cohorts.map((c) => [c.weekStart, c.buyers, ...c.retained].map(String)),
    );
    expect((await cells("Tier distribution")).map((r) => Number(r[1]))).toEqual(shop.tiers.map((x) => x.viewers));
    expect((await cells("Segments")).map((r) => Number(r[1]))).toEqual([
      shop.segments.highIntent,
      shop.segments.newBuyer,
      shop.segments.dormant,
    ]);
    expect((await cells("Coupons issued vs redeemed")).map((r) => [Number(r[1]), Number(r[2])])).toEqual(
      shop.coupons.map((c) => [c.issued, c.redeemed]),
    );
  });

  it("shows each experiment's arms, and exports a table as CSV", async () => {
    const [experiment] = expected.experiments;
    if (!experiment) throw new Error("no experiment");
    expect(await cells(`Experiments: ${experiment.name}`)).toEqual(
      experiment.results.map((r) =>
        [r.arm, r.exposed, r.claimRate, r.redemptionRate, r.ordersPerViewer, r.revenuePerViewer].map(String),
      ),
    );
    const verdicts = await page
      .locator(`[data-experiment="${experiment.id}"] li`)
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-verdict")));
    expect(verdicts).toEqual(experiment.comparisons.map((c) => c.verdict));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download Coupons issued vs redeemed as CSV" }).click();
    const file = await download;
    const text = await new Promise<string>((resolve, reject) => {
      void file.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        stream.on("error", reject);
      });
    });
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Source,Issued,Redeemed");
    expect(lines.slice(1).map((l) => l.split(",").slice(1).map(Number))).toEqual(
      expected.shop.coupons.map((c) => [c.issued, c.redeemed]),
    );
  });
});

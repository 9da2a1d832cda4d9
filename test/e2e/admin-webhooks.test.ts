import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { launchChromium } from "../../support/chromium.js";
import { shopApi, startReceiver } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * The Webhooks section in Chromium, against the real server: an owner adds an address that takes
 * one event, a change delivers it signed with the address's secret, and a delivery the shop's
 * backend failed to take is sent again from the log.
 */
describe.skipIf(!requires("chromium", "widget"))("the back office's Webhooks section in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: Receiver;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    receiver = await startReceiver();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  const events = () => receiver.received.map((m) => (JSON.parse(m.body) as { event: string }).event);
  const adjust = (key: string) =>
    shopApi(server, "/v1/viewers/amy/points", { body: { delta: 20, note: "late parcel", idempotencyKey: key } });

  it("adds an address for one event, delivers it signed, and sends a failed delivery again", async () => {
    const form = page.getByTestId("webhook-form");
    await form.getByLabel("Address (https://…)").fill(receiver.url);
    await form.getByLabel("Every event, including ones added later").uncheck();
    await form.getByRole("button", { name: "Add address" }).click();
    // no event picked: refused beside the events, nothing saved
    await form.getByText("Pick at least one event, or every event.").waitFor();
    expect(((await shopApi(server, "/v1/webhook-endpoints")).body as { endpoints: unknown[] }).endpoints).toEqual([]);

    await form.getByLabel("Points changed by hand").check();
    await form.getByRole("button", { name: "Add address" }).click();
    const row = page.getByTestId("webhook-endpoint").filter({ hasText: receiver.url });
    await row.getByText("On", { exact: true }).waitFor();
    await row.getByRole("button", { name: "Show secret" }).click();
    const secret = ((await row.locator("code").textContent()) ?? "").trim();
    expect(secret.length).toBeGreaterThan(10);

    // a change of the picked kind reaches the address, signed with its secret; other kinds do not
    expect((await adjust("first")).status).toBe(200);
    await shopApi(server, "/v1/orders", {
      body: { orderId: "o-1", viewerId: "amy", amount: 5000, items: [{ sku: "tea", qty: 1, price: 5000 }] },
    });
    await server.app.webhooks.deliverDue();
    expect(events()).toEqual(["points.adjusted"]);
    const first = receiver.received[0];
    expect(
      first && verifySignature(secret, String(first.headers[SIGNATURE_HEADER]), first.body, server.clock.now()),
    ).toBe(true);

    // the backend is down for the next one: the log says it failed, and Send again delivers it
    receiver.answers.push(503, 503, 503, 503, 503, 503);
    expect((await adjust("second")).status).toBe(200);
    await server.app.webhooks.deliverDue();
    receiver.answers.splice(0);
    await page.reload();
    const log = page.getByRole("list", { name: "Delivery log" });
    const failed = log.getByTestId("webhook-message").filter({ hasText: "Failed 1×" });
    await failed.getByText("Points changed by hand").waitFor();
    await failed.getByRole("button", { name: "Send again" }).click();
    await failed.getByText("Queued: it goes out within seconds.").waitFor();
    await server.app.webhooks.deliverDue();
    expect(events()).toEqual(["points.adjusted", "points.adjusted", "points.adjusted"]);

    await page.reload();
    const delivered = page.getByRole("list", { name: "Delivery log" }).getByTestId("webhook-message");
    await delivered.first().waitFor();
    expect(await delivered.filter({ hasText: "Delivered" }).count()).toBe(2);
  });
});

import type { Browser, BrowserContext, Page, WebSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditPage } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { refusedWith, startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The Settings section in Chromium, against the real server: sign in by the link, create an API
 * key (shown once, copied) and revoke it, allow the shop's page as an origin, and rotate the
 * signing key while a viewer whose token the old key signed stays in the room, on the same
 * socket, still earning and claiming; then the audit log holds each of those changes.
 */
const viewerPage = (server: TestServer, token: string) => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=360"><title>Shop live</title></head>
<body>
  <h1>Spring live</h1>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`;

describe.skipIf(!requires("chromium", "widget"))("the back office's Settings section in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: PageServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    // signed with the shop's first signing key, the one the rotation below replaces
    pages = await servePage(viewerPage(server, await server.token("amy", { name: "Amy" })));
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await pages?.close();
    await server?.close();
  });

  const open = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: "en-US" });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    return page;
  };

  it("creates and revokes a key, allows an origin, and rotates the signing key under a connected viewer", async () => {
    const viewer = await open({ width: 360, height: 740 });
    const sockets: WebSocket[] = [];
    viewer.on("websocket", (socket) => sockets.push(socket));
    await viewer.goto(pages.url);
    await viewer.getByTestId("points").waitFor();
    await expect.poll(() => sockets.length).toBe(1);

    const admin = await open({ width: 1280, height: 800 });
    await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await admin.goto(await printLink(server, server.shop.id, "Mia"));
    const settings = admin.getByTestId("settings-section");
    await settings.waitFor();

    // an API key by name: shown once with a copy button, working at once
    const keys = admin.getByTestId("api-keys");
    // the key the shop was made with, named by the server, reads in the reader's language
    await keys.getByTestId("api-key").filter({ hasText: "The shop’s first key" }).waitFor();
    await keys.getByLabel("Name of a new key").fill("Checkout");
    await keys.getByRole("button", { name: "Create key" }).click();
    const shown = admin.getByTestId("new-api-key");
    await shown.getByText("it will not be shown again").waitFor();
    const secret = (await shown.getByTestId("secret").textContent()) ?? "";
    expect(secret).toMatch(/^sk_live_/);
    await shown.getByRole("button", { name: "Copy" }).click();
    await shown.getByText("Copied.").waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect((await shopApi(server, "/v1/config", { secret })).status).toBe(200);
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await shown.waitFor({ state: "detached" });
    // the list shows its first characters, never the key
    expect(await keys.textContent()).not.toContain(secret);

    const row = keys.getByTestId("api-key").filter({ hasText: "Checkout" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await row.getByText("Revoke “Checkout”? Calls with it are refused from now on").waitFor();
    await row.getByRole("button", { name: "Revoke the key" }).click();
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
    expect(await row.textContent()).toContain("Revoked");
    expect((await shopApi(server, "/v1/config", { secret })).status).toBe(401);

    // the shop's own page as an allowed origin: what is not an origin is refused beside the field
    const origins = admin.getByTestId("allowed-origins");
    const originField = origins.getByLabel("Add an origin");
    await originField.fill(`${pages.url}live`);
    await origins.getByRole("button", { name: "Add" }).click();
    await origins.getByText("Not an origin").waitFor();
    const pageOrigin = new URL(pages.url).origin;
    await originField.fill(pageOrigin);
    await origins.getByRole("button", { name: "Add" }).click();
    await origins.getByTestId("allowed-origin").getByText(pageOrigin, { exact: true }).waitFor();
    expect(await originField.inputValue()).toBe("");

    // the signing key: rotated with an hour's window while the viewer stays connected
    const signing = admin.getByTestId("signing-key");
    const oldKid = (await signing.getByTestId("signing-current").textContent()) ?? "";
    await signing.getByLabel("Tokens signed with the current key keep verifying").selectOption({ label: "For 1 hour" });
    await signing.getByRole("button", { name: "Rotate the signing key" }).click();
    const newKey = admin.getByTestId("new-signing-key");
    await newKey.getByText("Your shop's backend must sign tokens with it before").waitFor();
    const signingSecret = (await newKey.getByTestId("secret").textContent()) ?? "";
    await expect.poll(() => signing.getByTestId("signing-current").textContent()).not.toBe(oldKid);
    expect(await signing.getByTestId("signing-previous").textContent()).toContain(oldKid.replace("Key id (kid) ", ""));
    // the key shown is the one tokens are now signed with
    expect(await refusedWith(server, { token: await server.token("bo", {}, signingSecret) })).toBe("connected");

    // the viewer earns from an order and claims a deal, on the socket it had before the rotation
    const order = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "after-rotation",
        viewerId: "amy",
        amount: 5000,
        items: [{ sku: "tea", qty: 1, price: 5000 }],
        paidAt: server.clock.now(),
      },
    });
    expect(order.status).toBe(200);
    await expect.poll(() => viewer.getByTestId("points").textContent()).toBe("50");

    const host = await joinAsHost(server, "host-lin");
    const template = await makeTemplate(host, { name: { "zh-CN": "立减10元", en: "¥10 off" }, minSpend: 0 });
    await startOffer(host, template.id, { stock: 5 });
    host.disconnect();
    await viewer.getByRole("button", { name: "Send 1" }).click();
    await expect
      .poll(() => viewer.getByTestId("deal-result").textContent())
      .toContain("You got it! The coupon is in your wallet.");
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.isClosed()).toBe(false);

    // each change is in the audit log, made by the signed-in session
    const audit = (await shopApi(server, "/v1/audit")).body as unknown as AuditPage;
    const bySession = audit.entries.filter((entry) => entry.actor.startsWith("session:"));
    expect(bySession.map((entry) => entry.action)).toEqual([
      "signingkey.rotate",
      "config.update",
      "apikey.revoke",
      "apikey.create",
      "session.sign_in",
    ]);
    const rotation = bySession[0];
    expect(rotation?.after).toMatchObject({ previousVerifiesUntil: server.clock.now() + 3600_000 });
    expect(JSON.stringify(audit)).not.toContain(signingSecret);
    expect(bySession[1]?.after).toMatchObject({ allowedOrigins: [pageOrigin] });
  });

  it("says an origin list changed elsewhere, keeps what was typed, and adds it after a reload", async () => {
    const mia = await open({ width: 360, height: 740 });
    await mia.goto(await printLink(server, server.shop.id, "Mia"));
    const origins = mia.getByTestId("allowed-origins");
    // read: the add is offered once the list and its version are
    await expect.poll(() => origins.getByRole("button", { name: "Add" }).isEnabled()).toBe(true);
    const before = ((await shopApi(server, "/v1/config")).body as { allowedOrigins: string[] }).allowedOrigins.length;

    // another session allows a page meanwhile
    const leo = await open({ width: 1280, height: 800 });
    await leo.goto(await printLink(server, server.shop.id, "Leo"));
    const leoOrigins = leo.getByTestId("allowed-origins");
    await expect.poll(() => leoOrigins.getByRole("button", { name: "Add" }).isEnabled()).toBe(true);
    await leoOrigins.getByLabel("Add an origin").fill("https://m.shop.example");
    await leoOrigins.getByRole("button", { name: "Add" }).click();
    await leoOrigins.getByText("https://m.shop.example", { exact: true }).waitFor();

    const field = origins.getByLabel("Add an origin");
    await field.fill("https://live.shop.example");
    await origins.getByRole("button", { name: "Add" }).click();
    await origins.getByText("Someone changed the settings elsewhere").waitFor();
    expect(await field.inputValue()).toBe("https://live.shop.example");

    await origins.getByRole("button", { name: "Reload" }).click();
    await origins.getByText("https://m.shop.example", { exact: true }).waitFor();
    expect(await field.inputValue()).toBe("https://live.shop.example");
    await origins.getByRole("button", { name: "Add" }).click();
    await origins.getByText("https://live.shop.example", { exact: true }).waitFor();

    const saved = (await shopApi(server, "/v1/config")).body as { allowedOrigins: string[] };
    expect(saved.allowedOrigins).toHaveLength(before + 2);
    expect(saved.allowedOrigins.slice(-2)).toEqual(["https://m.shop.example", "https://live.shop.example"]);
  });
});

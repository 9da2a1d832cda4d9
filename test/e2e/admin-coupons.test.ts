import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { createTemplateOverApi } from "../../support/commerce.js";
import { joinAsHost } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The back office's Coupons and Moderation sections in Chromium, against the real server: pause a
 * template and see it paused, unmute a viewer who then comments again, and two sessions editing
 * the blocked words, where the second is told of the conflict and keeps what it typed.
 */
describe.skipIf(!requires("chromium", "widget"))("back-office coupons and moderation in Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openBackOffice(
    name: string,
    viewport = { width: 1280, height: 800 },
    locale = "en-US",
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, name));
    await page.getByTestId("back-office-signed-in").waitFor();
    return { context, page };
  }

  it("pauses a template and shows it paused; the server issues nothing from it", async () => {
    const id = await createTemplateOverApi(server, { name: { "zh-CN": "满100减20", en: "¥20 off ¥100" } });
    const { context, page } = await openBackOffice("Mia");
    const row = page.getByTestId("template-row").filter({ hasText: "¥20 off ¥100" });
    await row.getByText("Active").waitFor();
    await row.getByRole("button", { name: "Pause" }).click();
    await row.getByText("Paused", { exact: true }).waitFor();
    expect(await row.getAttribute("data-paused")).toBe("true");
    expect(await row.getByRole("button", { name: "Resume" }).isVisible()).toBe(true);
    const stored = await server.store.db
      .selectFrom("coupon_templates")
      .select("active")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.active).toBe(0);
    await context.close();
  });

  it("unmutes a viewer, who can then comment in the live room at once", async () => {
    const host = await joinAsHost(server);
    const { socket: amy } = await joinRoom(server, await server.token("amy", { name: "Amy" }));
    await call(host, HostEvent.mute, { viewerId: "amy", muted: true });
    expect(await call(amy, ClientEvent.comment, { text: "hello?" })).toMatchObject({ ok: false });

    const { context, page } = await openBackOffice("Mia");
    const muted = page.getByTestId("muted-viewer").filter({ hasText: "Amy" });
    await muted.getByText("by Host").waitFor();
    await muted.getByRole("button", { name: "Unmute" }).click();
    await muted.waitFor({ state: "detached" });
    expect(await call(amy, ClientEvent.comment, { text: "thank you" })).toMatchObject({
      ok: true,
      data: { accepted: true },
    });
    amy.disconnect();
    host.disconnect();
    await context.close();
  });

  it("tells the second of two sessions editing the blocked words of the conflict, and keeps its text", async () => {
    const first = await openBackOffice("Mia");
    const second = await openBackOffice("Leo", { width: 360, height: 740 }, "zh-CN");
    const firstWords = first.page.getByLabel("Blocked words");
    const secondWords = second.page.getByLabel("屏蔽词");
    await firstWords.fill("spam");
    await secondWords.fill("scam\nfraud");

    await first.page.getByRole("button", { name: "Save words" }).click();
    await first.page.getByText("Saved. Every comment from now on").waitFor();
    await second.page.getByRole("button", { name: "保存屏蔽词" }).click();
    const conflict = second.page.getByRole("alert").filter({ hasText: "已在别处被修改，请重新加载" });
    await conflict.waitFor();
    expect(await secondWords.inputValue()).toBe("scam\nfraud");

    await second.page.getByRole("button", { name: "重新加载" }).click();
    await second.page.getByRole("alert").filter({ hasText: "其他人刚保存了：spam" }).waitFor();
    expect(await secondWords.inputValue()).toBe("scam\nfraud");
    await second.page.getByRole("button", { name: "保存屏蔽词" }).click();
    await second.page.getByText("已保存。").waitFor();

    const config = await fetch(`${server.url}/v1/config`, {
      headers: { authorization: `Bearer ${server.shop.secret}` },
    });
    expect(((await config.json()) as { moderation: { blockedWords: string[] } }).moderation.blockedWords).toEqual([
      "scam",
      "fraud",
    ]);
    await first.context.close();
    await second.context.close();
  });
});

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The printed sign-in link in Chromium, against the real server: it lands on the console page
 * with the back office open, says who is signed in, and signs out; the spent link then says so.
 */
describe.skipIf(!requires("chromium", "widget"))("back-office sign-in in Chromium", () => {
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

  it("opens the printed link, shows the signed-in back office, and signs out", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    const page = await context.newPage();
    const link = await printLink(server, server.shop.id, "Mia");
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe("/admin");
    expect(page.url()).not.toContain("link=");

    const tab = page.getByRole("tab", { name: "Back office" });
    await tab.waitFor();
    expect(await tab.getAttribute("aria-selected")).toBe("true");
    const signedIn = page.getByTestId("back-office-signed-in");
    await signedIn.waitFor();
    expect(await signedIn.textContent()).toContain("Signed in to Test Shop as Mia.");
    // the cookie is the browser's alone: no script on the page can read it
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "encore_admin", httpOnly: true, sameSite: "Strict", path: "/" });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByTestId("back-office-signed-out").waitFor();
    expect(await page.getByRole("status").filter({ hasText: "You are signed out." }).count()).toBe(1);
    expect(await context.cookies()).toEqual([]);

    // the session is over on the server too, and the link opened once opens nothing again
    await page.goto(link);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("This sign-in link has expired or was already used. Ask for a new one.");
    await context.close();
  });

  it("speaks Chinese to a Chinese browser, on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();
    expect(await page.getByTestId("back-office-signed-in").textContent()).toContain("已以 Mia 的身份登录 Test Shop。");
    expect(await page.getByRole("button", { name: "退出登录" }).isVisible()).toBe(true);
    await context.close();
  });
});

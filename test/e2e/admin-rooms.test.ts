import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The back office's Products and Rooms sections in Chromium, against the real server: a product
 * added and its price changed, a room renamed, a platform room mapped for the extension and
 * removed, each read back from the shop API and the audit log.
 */
describe.skipIf(!requires("chromium", "widget"))("back-office products and rooms in Chromium", () => {
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

  async function openBackOffice(locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();
    return { context, page };
  }

  const audited = async (action: string) =>
    ((await shopApi(server, `/v1/audit?action=${action}`)).body as { entries: { actor: string }[] }).entries;

  it("adds a product, refuses a price that is not one, and changes the price", async () => {
    const { context, page } = await openBackOffice();
    await page.getByText("Add a product").click();
    const form = page.getByRole("form", { name: "Add a product" });
    await form.getByLabel("SKU").fill("serum-30");
    await form.getByLabel("Name in Chinese").fill("精华 30ml");
    await form.getByLabel("Name in English").fill("Serum 30 ml");
    await form.getByLabel("Price (¥)").fill("two hundred");
    await form.getByRole("button", { name: "Add product" }).click();
    await form.getByText("A price in yuan, e.g. 219 or 219.90.").waitFor();
    expect((await shopApi(server, "/v1/products/serum-30")).status).toBe(404);

    await form.getByLabel("Price (¥)").fill("219");
    await form.getByLabel("Lasts (days)").fill("30");
    await form.getByRole("button", { name: "Add product" }).click();
    const row = page.getByTestId("product-row").filter({ hasText: "Serum 30 ml" });
    await row.getByText("¥219").waitFor();

    await row.getByRole("button", { name: "Edit" }).click();
    await row.getByLabel("Price (¥)").fill("199.90");
    await row.getByLabel("Price before the live (¥)").fill("219");
    await row.getByRole("button", { name: "Save" }).click();
    await row.getByText("¥199.90").waitFor();
    expect((await shopApi(server, "/v1/products/serum-30")).body).toMatchObject({
      price: 19_990,
      was: 21_900,
      usageDays: 30,
    });
    expect((await audited("product.create"))[0]?.actor).toMatch(/^session:/);
    expect(await audited("product.update")).toHaveLength(1);
    await context.close();
  });

  it("renames a room, maps a platform room to it for the extension and removes it again", async () => {
    const { context, page } = await openBackOffice();
    const room = page.getByTestId("room-row").filter({ hasText: "Test live" });
    await room.getByRole("button", { name: "Rename" }).click();
    await room.getByLabel("Title").fill("Spring sale live");
    await room.getByRole("button", { name: "Save" }).click();
    const renamed = page.getByTestId("room-row").filter({ hasText: "Spring sale live" });
    await renamed.waitFor();

    const map = page.getByRole("form", { name: "Show a room on a platform" });
    await map.getByLabel("Platform", { exact: true }).selectOption("twitch");
    await map.getByLabel("Room on the platform").fill("no spaces allowed");
    await map.getByRole("button", { name: "Show there" }).click();
    await map.getByText("Not a room id this platform uses.").waitFor();
    await map.getByLabel("Room on the platform").fill("SpringShop");
    await map.getByRole("button", { name: "Show there" }).click();
    await renamed.getByText("Twitch · springshop").waitFor();
    const lookup = () => fetch(`${server.url}/v1/platform-rooms/lookup?platform=twitch&id=springshop`);
    expect((await lookup()).status).toBe(200);

    await renamed.getByRole("button", { name: "Remove" }).click();
    await renamed.getByText("Not shown on any platform yet.").waitFor();
    expect((await lookup()).status).toBe(404);
    const rooms = (await shopApi(server, "/v1/rooms")).body as { rooms: { title: string }[] };
    expect(rooms.rooms.map((r) => r.title)).toEqual(["Spring sale live"]);
    expect(await audited("room.update")).toHaveLength(1);
    expect(await audited("platform_room.map")).toHaveLength(1);
    expect(await audited("platform_room.unmap")).toHaveLength(1);
    await context.close();
  });

  it("makes a room fan-only from a tier up, and opens it to every member again", async () => {
    const { context, page } = await openBackOffice();
    const room = page.getByTestId("room-row").first();
    const gate = room.getByLabel("Who earns here");
    await gate.selectOption({ label: "Silver and up (fans-only)" });
    const minTier = async () =>
      ((await shopApi(server, "/v1/rooms")).body as { rooms: { minTier: string | null }[] }).rooms[0]?.minTier;
    await expect.poll(minTier).toBe("silver");
    if (process.env.ENCORE_SHOTS) await room.screenshot({ path: `${process.env.ENCORE_SHOTS}/back-office-gate.png` });
    await gate.selectOption({ label: "Every member" });
    await expect.poll(minTier).toBeNull();
    expect(await gate.inputValue()).toBe("");
    await context.close();
  });
});

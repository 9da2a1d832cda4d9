import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postChange } from "../../server/services/points.js";
import { openStore } from "../../server/store/database.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * A restart or a deploy while people are in the room: the server stops for a few seconds and
 * starts again on the same port and database. Without a reload, the viewer's overlay (a phone)
 * and the host's console come back online by themselves and show what changed meanwhile: the
 * viewer's points and the deal the host started.
 */
const viewerPage = (server: TestServer, token: string) => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Shop live</title></head>
<body>
  <h1>Spring live</h1>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`;

/** Points straight into the ledger while no server runs: only a fresh snapshot can bring them. */
/**
 * A step that has no timeout of its own (a server stopping or starting, an ack), bounded so a step
 * that hangs fails by its name instead of running the whole test out of time.
 */
async function within<T>(seconds: number, step: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} did not finish within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function creditWhileDown(server: TestServer, viewerId: string, delta: number): Promise<void> {
  const store = await openStore(server.dbUrl);
  try {
    await store.db.transaction().execute(async (trx) => {
      await ensureViewer(trx, server.shop.id, viewerId, {}, server.clock.now());
      await postChange(
        trx,
        store.dialect,
        server.shop.id,
        viewerId,
        { delta, growthDelta: 0, reason: "adjust", ref: "while down", idempotencyKey: `${viewerId}:down:${delta}` },
        server.clock.now(),
      );
    });
  } finally {
    await store.close();
  }
}

/** The same restart seen from a streamer's own page (the widget cross-origin) and from the demo room. */
describe.skipIf(!requires("chromium", "widget")).each([
  { where: "a streamer's page", demo: false },
  { where: "the demo room", demo: true },
])("the room comes back after the server restarts, on $where", ({ demo }) => {
  let server: TestServer;
  let browser: Browser;
  let pages: PageServer;
  let viewerUrl: string;

  beforeAll(async () => {
    server = await startServer({ demo });
    browser = await launchChromium();
    // a viewer of its own: the demo seeds Amy with points of her own
    const token = await server.token("zoe", { name: "Zoe" });
    pages = await servePage(viewerPage(server, token));
    viewerUrl = demo ? `${server.url}/?room=${server.roomId}&token=${token}&lang=en` : pages.url;
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.close();
  });

  async function openViewer(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    page.setDefaultTimeout(8000);
    await page.goto(viewerUrl);
    await page.getByTestId("points").waitFor();
    return page;
  }

  async function openConsole(): Promise<Page> {
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    page.setDefaultTimeout(8000);
    await page.goto(`${server.url}/host?room=${server.roomId}&token=${token}&lang=en`);
    await page.getByRole("form", { name: "Start offer" }).waitFor();
    return page;
  }

  it("shows online, fresh points and the live deal without a reload, on the overlay and the console", async () => {
    const setup = await within(20, "joining as the host before the restart", joinAsHost(server, "host-setup"));
    const template = await makeTemplate(setup, { name: { "zh-CN": "回来券", en: "Welcome-back deal" }, minSpend: 0 });
    setup.disconnect();
    const viewer = await openViewer();
    const host = await openConsole();
    expect(await viewer.getByTestId("points").textContent()).toBe("0");

    await within(20, "server.stop()", server.stop());
    const status = viewer.getByRole("status").filter({ hasText: "Reconnecting" });
    await status.waitFor();
    expect(await status.textContent()).toBe("Reconnecting… showing last known values");
    await host.getByRole("status").filter({ hasText: "Connection lost, reconnecting…" }).waitFor();
    // a comment typed while the server is away is either sent once it is back or visibly refused
    const box = viewer.getByRole("textbox", { name: "Comment" });
    await box.fill("still watching");
    await viewer.getByRole("button", { name: "Send" }).click();
    await within(20, "crediting while the server is down", creditWhileDown(server, "zoe", 1500));
    await new Promise((resolve) => setTimeout(resolve, 3000));

    await within(20, "server.restart()", server.restart());
    const deal = await within(20, "joining as the host after the restart", joinAsHost(server, "host-after-restart"));
    const offer = await within(20, "starting the offer after the restart", startOffer(deal, template.id, { stock: 5 }));
    deal.disconnect();

    // the overlay: online again, the points the snapshot brought, the deal that started meanwhile
    await expect
      .poll(() => viewer.locator("[data-status]").first().getAttribute("data-status"), { timeout: 15_000 })
      .toBe("online");
    await expect.poll(() => viewer.getByTestId("points").textContent(), { timeout: 15_000 }).toBe("1,500");
    const banner = viewer.getByRole("region", { name: "Live deal" });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getAttribute("data-offer")).toBe(offer.id);
    expect(await banner.textContent()).toContain("Welcome-back deal");
    expect(await viewer.getByTestId("deal-stock").textContent()).toBe("5 left");
    expect(await viewer.getByTestId("deal-stock").getAttribute("data-stale")).toBeNull();
    expect(await viewer.getByRole("status").count()).toBe(0);
    await expect
      .poll(
        async () =>
          (await box.inputValue()) === "" ||
          (await viewer.getByRole("alert").filter({ hasText: "Not sent: you are offline." }).count()) === 1,
        { timeout: 15_000 },
      )
      .toBe(true);
    if ((await box.inputValue()) !== "") expect(await box.inputValue()).toBe("still watching");

    // the console: no longer reconnecting, and the offer it did not start itself is on its card
    await host.getByTestId("offer-card").waitFor({ timeout: 15_000 });
    expect(await host.getByTestId("offer-status").textContent()).toBe("Live");
    expect(await host.getByRole("status").filter({ hasText: "reconnecting" }).count()).toBe(0);
    await viewer.close();
    await host.close();
  }, 90_000);
});

import { createServer } from "node:http";
import { createTemplate, issueCoupon, requireTemplate } from "../server/services/coupons.js";
import { postChange } from "../server/services/points.js";
import { ensureViewer } from "../server/store/viewers.js";
import { launchChromium } from "../test/helpers/chromium.js";
import { startServer } from "../test/helpers/server.js";

/**
 * Screenshots of the overlay at phone size (360×740) for the README, from the built encore.js
 * on a live page served by a real server: collapsed over the stream, and with the panel open.
 */
const server = await startServer();
const viewer = "demo_viewer";
const token = await server.token(viewer, { name: "Lin" });

// A viewer with a purchase history, a coupon from a deal and a catalogue to spend points in,
// written through the same services the API uses.
const { db, dialect } = server.store;
const now = server.clock.now();
const config = server.shop.config;
const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
await db.transaction().execute(async (trx) => {
  await ensureViewer(trx, server.shop.id, viewer, {}, now);
  await postChange(
    trx,
    dialect,
    server.shop.id,
    viewer,
    { delta: 1280, growthDelta: 1220, reason: "order", ref: "order-1", idempotencyKey: "screenshot-order-1" },
    now,
  );
});
const templates = [
  {
    name: text("直播间满199减20", "¥20 off ¥199"),
    kind: "amount" as const,
    value: 2000,
    minSpend: 19900,
    pointsCost: 800,
  },
  {
    name: text("新品9折券", "10% off new arrivals"),
    kind: "percent" as const,
    value: 10,
    minSpend: 0,
    pointsCost: 1500,
  },
  {
    name: text("无门槛5元券", "¥5 off, no minimum"),
    kind: "amount" as const,
    value: 500,
    minSpend: 0,
    pointsCost: 500,
  },
];
const created = [];
for (const t of templates) {
  created.push(
    await createTemplate(
      db,
      server.shop.id,
      { ...t, validDays: 30, minTier: null, stock: 200, perViewerLimit: 5 },
      config,
      now,
    ),
  );
}
await db.transaction().execute(async (trx) => {
  for (const [i, template] of created.slice(0, 2).entries()) {
    await issueCoupon(trx, config, {
      shopId: server.shop.id,
      viewerId: viewer,
      viewerGrowth: 1220,
      template: await requireTemplate(trx, server.shop.id, template.id),
      source: "deal",
      sourceRef: `offer-${i}`,
      grantKey: `screenshot:${i}`,
      now,
    });
  }
});

const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=360">
<style>
  body { margin: 0; background: #0b0b10; font-family: system-ui, sans-serif; }
  .stream { position: relative; height: 100vh; overflow: hidden;
    background: radial-gradient(120% 80% at 30% 20%, #f9a8d4 0%, #be185d 35%, #3b0764 70%, #0b0b10 100%); }
  .stream::after { content: ""; position: absolute; inset: 0; background: linear-gradient(180deg, transparent 55%, rgb(0 0 0 / .55)); }
  .host { position: absolute; left: 50%; top: 26%; transform: translateX(-50%); width: 180px; height: 260px; border-radius: 90px 90px 24px 24px;
    background: linear-gradient(180deg, #fde68a, #fb7185); opacity: .55; filter: blur(2px); }
  .title { position: absolute; top: 14px; left: 14px; color: white; font-size: 13px; opacity: .9; }
</style></head><body>
<div class="stream"><div class="host"></div></div>
<script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="zh-CN" async></script>
</body></html>`;
const pageServer = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
await new Promise<void>((done) => pageServer.listen(0, "127.0.0.1", done));
const address = pageServer.address();
const port = typeof address === "object" && address ? address.port : 0;

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const tab = await context.newPage();
  await tab.goto(`http://127.0.0.1:${port}/`);
  const inShadow = (selector: string) =>
    tab.waitForFunction(
      (sel) => Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector(sel)),
      selector,
      { timeout: 10_000 },
    );
  await inShadow("[data-testid=points]");
  await fetch(`${server.url}/v1/viewers/${viewer}/points`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
    body: JSON.stringify({ delta: 20, note: "watch", idempotencyKey: "screenshot-2" }),
  });
  await inShadow("[data-testid=gain]");
  await tab.waitForTimeout(450);
  await tab.screenshot({ path: "docs/overlay-360.png" });
  // Playwright locators pierce open shadow roots
  await tab.locator("encore-overlay button[aria-expanded]").click();
  await inShadow("[role=dialog]");
  await tab.waitForTimeout(400);
  await tab.screenshot({ path: "docs/overlay-panel-360.png" });
  await tab.locator("encore-overlay [role=tab]").nth(1).click();
  await tab.waitForTimeout(200);
  await tab.screenshot({ path: "docs/overlay-coupons-360.png" });
  await tab.locator("encore-overlay [role=tab]").nth(2).click();
  await tab.waitForTimeout(200);
  await tab.screenshot({ path: "docs/overlay-exchange-360.png" });
  console.log("wrote docs/overlay-{,panel-,coupons-,exchange-}360.png");
} finally {
  await browser.close();
  pageServer.close();
  await server.close();
}

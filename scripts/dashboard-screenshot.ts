/**
 * Takes docs/dashboard.png: plays the scripted live (support/fixtures/scripted-live.ts) against a
 * real server, opens the built host console in Chromium and shoots its Dashboard view.
 * `npm run build && npm run screenshot:dashboard [-- --locale en]`
 */
import { mkdirSync } from "node:fs";
import { launchChromium } from "../support/chromium.js";
import { scriptedLive } from "../support/fixtures/scripted-live.js";
import { startServer } from "../support/server.js";

const locale = process.argv.includes("zh-CN") ? "zh-CN" : "en";
const out = process.argv.find((a) => a.endsWith(".png")) ?? "docs/dashboard.png";
const server = await startServer();
try {
  const { hostId } = await scriptedLive(server);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 2700 }, deviceScaleFactor: 1 });
  const token = await server.token(hostId, { role: "host", name: "Lin" });
  await page.goto(`${server.url}/host?room=${server.roomId}&lang=${locale}&token=${token}`);
  await page.getByRole("tab", { name: locale === "en" ? "Dashboard" : "数据看板" }).click();
  await page.locator("[data-experiment]").first().waitFor();
  mkdirSync("docs", { recursive: true });
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  await server.close();
}

/**
 * Takes docs/host-console.png: builds the console with a page fixture that plays a live without a
 * server (support/fixtures/host-live.ts), renders it in Chromium at laptop size, and shoots it
 * once the numbers are moving. `npm run screenshot:host [-- --locale en]`
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { launchChromium } from "../support/chromium.js";
import { shadowBundle } from "../widget/build/bundle.js";

const locale = process.argv.includes("en") ? "en" : "zh-CN";
const out = process.argv.find((a) => a.endsWith(".png")) ?? "docs/host-console.png";
const dir = mkdtempSync(join(tmpdir(), "encore-host-shot-"));
try {
  await build({
    ...shadowBundle({ entry: "support/fixtures/host-live.ts", name: "host-live", format: "iife", outDir: dir }),
    configFile: false,
    logLevel: "warn",
  });
  const code = readFileSync(join(dir, "host-live.js"), "utf8");
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;height:100vh;background:#0d0f14">` +
      `<div id="console" data-locale="${locale}" style="height:100vh"></div></body></html>`,
  );
  await page.addScriptTag({ content: code });
  await page.getByRole("list", { name: locale === "en" ? "Winners" : "中奖名单" }).waitFor();
  // mid-storm: the claims bar about half full, the chart's last seconds climbing
  await page.waitForTimeout(2500);
  mkdirSync("docs", { recursive: true });
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

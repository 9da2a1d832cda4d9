import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewerExport } from "../../protocol/index.js";
import { verifyStore } from "../../server/ops/verify.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { launchChromium } from "../../support/chromium.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The Viewers section in Chromium, against the real server: sign in by the link, find a viewer by
 * name, adjust their points with a reason and see the balance change, revoke a coupon, then read
 * the audit entries of both through the API.
 */
describe.skipIf(!requires("chromium", "widget"))("the back office's Viewers section in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let couponCode: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const now = server.clock.now();
    await ensureViewer(server.store.db, server.shop.id, "u-8817", { name: "Lily Zhang" }, now);
    await ensureViewer(server.store.db, server.shop.id, "u-9000", { name: "Leo" }, now);
    await shopApi(server, "/v1/viewers/u-8817/points", { body: { delta: 120, idempotencyKey: "seed" } });
    const templateId = await createTemplateOverApi(server);
    const granted = await shopApi(server, "/v1/viewers/u-8817/coupons", {
      body: { templateId, note: "welcome", idempotencyKey: "seed-coupon" },
    });
    couponCode = (granted.body.coupon as { code: string }).code;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("finds a viewer by name, adjusts their points with a reason, revokes a coupon, and both are audited", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();

    await page.getByLabel("Find a viewer").fill("lily");
    await page.getByRole("button", { name: /Lily Zhang/ }).click();
    const profile = page.getByTestId("viewer-profile");
    await profile.waitFor();
    expect(await page.getByTestId("viewer-points").textContent()).toBe("120");
    expect(await page.getByTestId("tier-badge").textContent()).toBe("Fan");

    // without a reason the server refuses, and the form says which field
    await page.getByLabel("Amount").fill("-20");
    await page.getByRole("button", { name: "Adjust", exact: true }).click();
    await page.getByText("Say why: a reason of up to 200 characters.").waitFor();
    expect(await page.getByTestId("viewer-points").textContent()).toBe("120");

    await page.getByLabel("Reason").first().fill("duplicate chest");
    await page.getByRole("button", { name: "Adjust", exact: true }).click();
    await page.getByText("Adjusted. The balance shown is the new one.").waitFor();
    expect(await page.getByTestId("viewer-points").textContent()).toBe("100");
    expect(await page.getByTestId("viewer-ledger").textContent()).toContain("duplicate chest");

    const coupon = page.getByTestId("viewer-coupon");
    expect(await coupon.textContent()).toContain("Given by hand");
    await coupon.getByRole("button", { name: "Revoke" }).click();
    await coupon.getByLabel("Why revoke it").fill("granted by mistake");
    await coupon.getByRole("button", { name: "Revoke this coupon" }).click();
    await page.getByText("Coupon revoked.").waitFor();
    expect(await coupon.textContent()).toContain("Revoked");
    await context.close();

    const audit = await shopApi(server, "/v1/audit?target=viewer:u-8817");
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        action: "viewer.adjust",
        actor: expect.stringMatching(/^session:/),
        after: expect.objectContaining({ points: 100, note: "duplicate chest" }),
      }),
      expect.objectContaining({ action: "viewer.adjust", actor: "api" }),
    ]);
    const revoked = await shopApi(server, `/v1/audit?target=coupon:${couponCode}&action=coupon.revoke`);
    expect(revoked.body.entries).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^session:/),
        after: expect.objectContaining({ state: "revoked", reason: "granted by mistake" }),
      }),
    ]);
  });

  it("exports a viewer as a JSON file, then erases them after a confirm that says what happens", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();
    await page.getByLabel("Find a viewer").fill("leo");
    await page.getByRole("button", { name: /Leo/ }).click();
    await page.getByTestId("viewer-profile").waitFor();

    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export (JSON)" }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^viewer-u-9000-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await file.path(), "utf8")) as ViewerExport;
    expect(exported.profile).toMatchObject({ viewerId: "u-9000", name: "Leo" });

    await page.getByRole("button", { name: "Erase…" }).click();
    const confirm = page.getByRole("alertdialog");
    expect(await confirm.textContent()).toContain("Erase Leo?");
    expect(await confirm.textContent()).toContain("This cannot be undone.");
    // cancelling keeps the viewer
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Erase…" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Erase for good" }).click();

    await page.getByText("The viewer was erased.", { exact: false }).waitFor();
    expect(await page.getByTestId("viewer-profile").count()).toBe(0);
    await page.getByText("No viewer found yet.").waitFor();
    expect(await page.getByRole("button", { name: /Leo/ }).count()).toBe(0);
    await context.close();

    expect((await shopApi(server, "/v1/viewers/u-9000")).status).toBe(404);
    const erased = await shopApi(server, "/v1/audit?action=viewer.erase");
    expect(erased.body.entries).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^session:/),
        target: expect.objectContaining({ kind: "viewer" }),
      }),
    ]);
    expect(JSON.stringify(erased.body.entries)).not.toContain("Leo");
    expect(await verifyStore(server.store)).toEqual([]);
  });
});

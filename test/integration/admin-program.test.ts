import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { signIn } from "../helpers/admin.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
  await ensureViewer(server.store.db, server.shop.id, "u-300", { name: "Lily" }, server.clock.now());
  const seeded = await shopApi(server, "/v1/viewers/u-300/growth", {
    body: { delta: 300, note: "seed", idempotencyKey: "seed" },
  });
  expect(seeded.status).toBe(200);
});
afterEach(async () => {
  await server.close();
});

type Tiered = { tier: { key: string } };

describe("a tier's threshold changed in the back office", () => {
  it("moves a viewer whose growth now reaches it, everywhere their tier is read, audited as config.update", async () => {
    const browser = await signIn(server);
    const before = (await shopApi(server, "/v1/viewers/u-300")).body as { wallet: Tiered & { growth: number } };
    expect(before.wallet).toMatchObject({ growth: 300, tier: { key: "fan" } });

    const read = await browser.fetch("/v1/config");
    const tiers = DEFAULT_CONFIG.tiers.map((tier) => (tier.key === "silver" ? { ...tier, threshold: 250 } : tier));
    const saved = await browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ tiers }),
    });
    expect(saved.status).toBe(200);

    // the shop API, the back office's profile and its search all read the new tier
    const after = (await shopApi(server, "/v1/viewers/u-300")).body as { wallet: Tiered };
    expect(after.wallet.tier.key).toBe("silver");
    const profile = (await (await browser.fetch("/v1/viewers/u-300/profile")).json()) as { viewer: { wallet: Tiered } };
    expect(profile.viewer.wallet.tier.key).toBe("silver");
    const found = (await (await browser.fetch("/v1/viewers?q=lily")).json()) as { viewers: Tiered[] };
    expect(found.viewers.map((row) => row.tier.key)).toEqual(["silver"]);

    const audit = (await (await browser.fetch("/v1/audit?action=config.update")).json()) as {
      entries: {
        actor: string;
        before: { tiers: { threshold: number }[] };
        after: { tiers: { threshold: number }[] };
      }[];
    };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]?.actor).toMatch(/^session:/);
    expect(audit.entries[0]?.before.tiers[1]?.threshold).toBe(500);
    expect(audit.entries[0]?.after.tiers[1]?.threshold).toBe(250);
  });
});

type Refused = { error: { code: string; fields?: { path: string; message: string }[] } };

describe("the rest of the program, patched from the back office", () => {
  const patch = async (browser: Awaited<ReturnType<typeof signIn>>, body: unknown) => {
    const read = await browser.fetch("/v1/config");
    return browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify(body),
    });
  };
  const config = async () => (await shopApi(server, "/v1/config")).body as unknown as typeof DEFAULT_CONFIG;

  it("sets a trigger's template, a tier's entry reward and quiet hours, and switches each back off with null", async () => {
    const browser = await signIn(server);
    const id = await createTemplateOverApi(server);
    const set = await patch(browser, {
      repurchase: { firstOrderTemplateId: id },
      automations: { tierEntry: { enabled: true, templates: { gold: id } }, birthday: { templateId: id } },
      memberDays: { daysOfMonth: [1, 18], daysOfWeek: [6] },
    });
    expect(set.status).toBe(200);
    expect((await config()).automations.tierEntry).toEqual({ enabled: true, templates: { gold: id } });

    // a merge patch's null removes a key: for a setting that may be null, removed reads as null (off)
    const off = await patch(browser, {
      repurchase: { firstOrderTemplateId: null },
      automations: {
        tierEntry: { templates: { gold: null } },
        birthday: { templateId: null },
        budget: { quietHours: null },
      },
    });
    expect(off.status).toBe(200);
    const after = await config();
    expect(after.repurchase.firstOrderTemplateId).toBeNull();
    expect(after.automations.tierEntry.templates).toEqual({});
    expect(after.automations.birthday.templateId).toBeNull();
    expect(after.automations.budget.quietHours).toBeNull();
    expect(after.memberDays).toEqual({ daysOfMonth: [1, 18], daysOfWeek: [6], multiplier: 2 });
  });

  it("refuses a template that is not the shop's with the field that names it, for triggers and automations alike", async () => {
    const browser = await signIn(server);
    const before = await config();
    for (const [body, path] of [
      [{ automations: { tierEntry: { templates: { silver: "tpl_nope" } } } }, "automations.tierEntry.templates.silver"],
      [{ repurchase: { nudgeTemplateId: "tpl_nope" } }, "repurchase.nudgeTemplateId"],
    ] as const) {
      const refused = await patch(browser, body);
      expect(refused.status).toBe(404);
      const answer = (await refused.json()) as Refused;
      expect(answer.error.code).toBe("template_not_found");
      expect(answer.error.fields?.map((f) => f.path)).toEqual([path]);
    }
    expect(await config()).toEqual(before);
  });
});

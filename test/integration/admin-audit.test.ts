import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop } from "../../server/services/shops.js";
import { startServer, type TestServer } from "../../support/server.js";
import { type AdminBrowser, printLink, signIn } from "../helpers/admin.js";

let server: TestServer;
let browser: AdminBrowser;
/** when the four config changes were made, a minute apart */
const at: number[] = [];
beforeAll(async () => {
  server = await startServer();
  browser = await signIn(server);
  const words = ["spam", "=cmd|' /C calc'!A0", 'say "hi", then', "fake"];
  for (const word of words) {
    server.clock.advance(60_000);
    at.push(server.clock.now());
    const etag = (await browser.fetch("/v1/config")).headers.get("etag") ?? "";
    const changed = await browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": etag },
      body: JSON.stringify({ moderation: { blockedWords: [word] } }),
    });
    if (changed.status !== 200) throw new Error(await changed.text());
  }
  // another shop's changes stay in its own log
  const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
  await signIn(server, await printLink(server, other.id));
});
afterAll(async () => {
  await server.close();
});

type Page = { entries: { id: number; action: string; actor: string; at: number }[]; nextCursor: string | null };
const read = async (query: string, key = false) => {
  const response = key
    ? await fetch(`${server.url}/v1/audit${query}`, { headers: { authorization: `Bearer ${server.shop.secret}` } })
    : await browser.fetch(`/v1/audit${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};

describe("GET /v1/audit", () => {
  it("lists the shop's entries newest first, for a session and for the API key alike", async () => {
    const bySession = await read("");
    expect(bySession.entries.map((e) => e.action)).toEqual([
      "config.update",
      "config.update",
      "config.update",
      "config.update",
      "session.sign_in",
    ]);
    expect(await read("", true)).toEqual(bySession);
  });

  it("filters by action, target, actor and time", async () => {
    expect((await read("?action=session.sign_in")).entries).toHaveLength(1);
    expect((await read(`?target=config:${server.shop.id}`)).entries).toHaveLength(4);
    expect((await read("?target=config")).entries).toHaveLength(4);
    expect((await read(`?actor=session:${browser.sessionId}`)).entries).toHaveLength(5);
    expect((await read("?actor=api")).entries).toHaveLength(0);
    const window = await read(`?from=${at[1]}&to=${at[3]}`);
    expect(window.entries.map((e) => e.at)).toEqual([at[2], at[1]]);
  });

  it("pages with a cursor until there is none", async () => {
    const seen: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: Page = await read(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual((await read("")).entries.map((e) => e.id));
  });

  it("refuses a filter it does not know, with the field named", async () => {
    const response = await browser.fetch("/v1/audit?action=config.delete");
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; fields: { path: string }[] } };
    expect(error.fields.map((f) => f.path)).toEqual(["query.action"]);
  });

  it("exports CSV by ?format=csv or Accept: text/csv, with formulas defused and quotes doubled", async () => {
    const byFormat = await browser.fetch("/v1/audit?format=csv&action=config.update");
    const byAccept = await browser.fetch("/v1/audit?action=config.update", { headers: { accept: "text/csv" } });
    expect(byFormat.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(byFormat.headers.get("content-disposition")).toMatch(/attachment; filename="encore-audit-.*\.csv"/);
    const csv = await byFormat.text();
    expect(await byAccept.text()).toBe(csv);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,target_kind,target_id,before,after,request_id");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`,session:${browser.sessionId},config.update,config,${server.shop.id},`);
    expect(lines[1]).toContain(new Date(at[3] ?? 0).toISOString());
    // JSON cells are quoted with their quotes doubled; nothing is left for a spreadsheet to run
    expect(csv).toContain('""blockedWords"":[""fake""]');
    expect(csv).toContain('""say \\""hi\\"", then""');
    expect(lines.every((line) => !/(^|,)[=+@]/.test(line))).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signToken } from "../../server/auth/tokens.js";
import { runCommand } from "../../server/commands.js";
import { type CreatedShop, createShop } from "../../server/services/shops.js";
import { startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";
import { asBrowser, printLink, setCookieOf, signIn } from "../helpers/admin.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const MINUTE = 60_000;
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

async function adminToken(shop: Pick<CreatedShop, "id" | "secret">, claims: Record<string, unknown> = {}) {
  return signToken(
    shop.secret,
    { sub: "mia", shop: shop.id, role: "admin", name: "Mia", ...claims } as never,
    server.clock.now() + 10 * MINUTE,
  );
}

const exchange = (token: string) =>
  fetch(`${server.url}/v1/admin/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });

describe("the one-time sign-in link", () => {
  it("opens once: a session and the back office, then never again", async () => {
    const link = await printLink(server, server.shop.id, "Mia");
    const first = await fetch(link, { redirect: "manual" });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/admin");
    const browser = await asBrowser(server, setCookieOf(first) ?? "");
    const session = await (await browser.fetch("/v1/admin/session")).json();
    expect(session).toMatchObject({
      shop: { id: server.shop.id, name: "Test Shop" },
      session: { via: "link", name: "Mia", current: true },
    });

    const again = await fetch(link, { redirect: "manual" });
    expect(again.status).toBe(401);
    expect(await codeOf(again)).toBe("link_invalid");
    expect(setCookieOf(again)).toBeNull();
  });

  it("is printed by `encore-server admin-link --shop ID`, for the server's public address", async () => {
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    try {
      await runCommand(
        ["admin-link", "--shop", server.shop.id, "--name", "Mia", "--db", server.dbUrl, "--url", server.url],
        {},
      );
    } finally {
      log.mockRestore();
    }
    // the command runs on the real clock, which is past the test server's: the link is fresh to it
    const link = /^http\S+$/m.exec(printed.join("\n"))?.[0] ?? "";
    expect(link.startsWith(`${server.url}/v1/admin/sign-in?link=`)).toBe(true);
    const browser = await signIn(server, link);
    const session = await (await browser.fetch("/v1/admin/session")).json();
    expect(session).toMatchObject({ shop: { id: server.shop.id }, session: { name: "Mia" } });
    await expect(runCommand(["admin-link", "--shop", "no-such-shop", "--db", server.dbUrl], {})).rejects.toThrow(
      /no shop/,
    );
  });

  it("expires after 10 minutes, and a person opening a spent link lands on the page that says so", async () => {
    const link = await printLink(server);
    server.clock.advance(10 * MINUTE);
    const late = await fetch(link, { redirect: "manual" });
    expect(await codeOf(late)).toBe("link_invalid");
    const inBrowser = await fetch(link, { redirect: "manual", headers: { accept: "text/html,*/*" } });
    expect(inBrowser.status).toBe(303);
    expect(inBrowser.headers.get("location")).toBe("/admin?error=link_invalid");
    expect(setCookieOf(inBrowser)).toBeNull();
  });

  it("keeps only hashes: neither the link's secret nor the cookie's is in the database", async () => {
    const link = await printLink(server);
    const browser = await signIn(server, link);
    const stored = await stateFingerprint(server);
    expect(stored).not.toContain(new URL(link).searchParams.get("link"));
    expect(stored).not.toContain(browser.cookie.split("=")[1]);
    expect(stored).toContain(browser.sessionId);
  });
});

describe("the session cookie", () => {
  it("is httpOnly, SameSite=Strict, for the whole site, and lasts no longer than the session", async () => {
    const opened = await fetch(await printLink(server), { redirect: "manual" });
    const attributes = (opened.headers.get("set-cookie") ?? "").split("; ");
    expect(attributes[0]).toMatch(/^encore_admin=[A-Za-z0-9_-]{40,}$/);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"]));
    expect(attributes).not.toContain("Secure");
  });

  it("is Secure when the browser came over https (through a proxy that says so)", async () => {
    const opened = await fetch(await printLink(server), {
      redirect: "manual",
      headers: { "x-forwarded-proto": "https" },
    });
    expect((opened.headers.get("set-cookie") ?? "").split("; ")).toContain("Secure");
  });
});

describe("expiry on the server's clock", () => {
  it("ends after 30 minutes without a request, and each request moves that end", async () => {
    const browser = await signIn(server);
    server.clock.advance(29 * MINUTE);
    expect((await browser.fetch("/v1/admin/session")).status).toBe(200);
    server.clock.advance(29 * MINUTE);
    expect((await browser.fetch("/v1/admin/session")).status).toBe(200);
    server.clock.advance(30 * MINUTE);
    const idle = await browser.fetch("/v1/admin/session");
    expect(idle.status).toBe(401);
    expect(await codeOf(idle)).toBe("session_expired");
    // the browser is told to drop the cookie
    expect(idle.headers.get("set-cookie")).toMatch(/^encore_admin=;.*Max-Age=0/);
  });

  it("ends 12 hours after sign-in however busy it is", async () => {
    const browser = await signIn(server);
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      server.clock.advance(20 * MINUTE);
      expect((await browser.fetch("/v1/admin/session")).status).toBe(200);
    }
    server.clock.advance(20 * MINUTE);
    expect(await codeOf(await browser.fetch("/v1/admin/session"))).toBe("session_expired");
  });
});

describe("sign-out and revocation", () => {
  it("signs out: the cookie is cleared, the session opens nothing any more, and both ends are audited", async () => {
    const browser = await signIn(server);
    const out = await browser.fetch("/v1/admin/session/sign-out", { method: "POST" });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/^encore_admin=;/);
    expect(await codeOf(await browser.fetch("/v1/admin/session"))).toBe("session_required");

    const audit = await fetch(`${server.url}/v1/audit`, { headers: { authorization: `Bearer ${server.shop.secret}` } });
    const { entries } = (await audit.json()) as { entries: { action: string; actor: string; target: unknown }[] };
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ["session.sign_out", `session:${browser.sessionId}`],
      ["session.sign_in", `session:${browser.sessionId}`],
    ]);
    expect(entries[0]?.target).toEqual({ kind: "session", id: browser.sessionId });
  });

  it("lists the shop's open sessions and revokes one, by a session or by the API key", async () => {
    const mine = await signIn(server);
    const theirs = await signIn(server);
    const third = await signIn(server);
    const listed = (await (await mine.fetch("/v1/admin/sessions")).json()) as {
      sessions: { id: string; current: boolean }[];
    };
    expect(listed.sessions.map((s) => s.id).sort()).toEqual([mine.sessionId, theirs.sessionId, third.sessionId].sort());
    expect(listed.sessions.filter((s) => s.current).map((s) => s.id)).toEqual([mine.sessionId]);

    const revoked = await mine.fetch(`/v1/admin/sessions/${theirs.sessionId}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(await codeOf(await theirs.fetch("/v1/admin/session"))).toBe("session_required");
    expect((await mine.fetch("/v1/admin/session")).status).toBe(200);

    const byKey = await fetch(`${server.url}/v1/admin/sessions/${third.sessionId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${server.shop.secret}` },
    });
    expect(byKey.status).toBe(200);
    expect(await codeOf(await third.fetch("/v1/admin/session"))).toBe("session_required");

    const audit = await fetch(`${server.url}/v1/audit?action=session.revoke`, {
      headers: { authorization: `Bearer ${server.shop.secret}` },
    });
    const { entries } = (await audit.json()) as { entries: { actor: string; target: { id: string } }[] };
    expect(entries.map((e) => [e.actor, e.target.id])).toEqual([
      ["api", third.sessionId],
      [`session:${mine.sessionId}`, theirs.sessionId],
    ]);
    // revoking an ended session is refused and records nothing more
    expect(await codeOf(await mine.fetch(`/v1/admin/sessions/${theirs.sessionId}`, { method: "DELETE" }))).toBe(
      "not_found",
    );
  });
});

describe("CSRF", () => {
  it.each([
    ["missing", null],
    ["wrong", "not-the-token"],
  ])("a write with the token %s is refused and changes nothing", async (_case, csrf) => {
    const browser = await signIn(server);
    const before = await stateFingerprint(server);
    const out = await browser.fetch("/v1/admin/session/sign-out", { method: "POST", csrf });
    expect(out.status).toBe(403);
    expect(await codeOf(out)).toBe("csrf_invalid");
    const revoke = await browser.fetch(`/v1/admin/sessions/${browser.sessionId}`, { method: "DELETE", csrf });
    expect(await codeOf(revoke)).toBe("csrf_invalid");
    expect(await stateFingerprint(server)).toBe(before);
    expect((await browser.fetch("/v1/admin/session")).status).toBe(200);
  });

  it("a session's token does not pass for another session", async () => {
    const one = await signIn(server);
    const two = await signIn(server);
    const out = await one.fetch("/v1/admin/session/sign-out", { method: "POST", csrf: two.csrf });
    expect(await codeOf(out)).toBe("csrf_invalid");
  });
});

describe("admin tokens from the shop's backend", () => {
  it("are exchanged for a session once", async () => {
    const token = await adminToken(server.shop);
    const first = await exchange(token);
    expect(first.status).toBe(200);
    const body = (await first.json()) as { session: { via: string; name: string }; csrfToken: string };
    expect(body.session).toMatchObject({ via: "token", name: "Mia" });
    const browser = await asBrowser(server, setCookieOf(first) ?? "");
    expect(browser.csrf).toBe(body.csrfToken);

    const replay = await exchange(token);
    expect(await codeOf(replay)).toBe("link_invalid");

    const audit = await fetch(`${server.url}/v1/audit?action=session.sign_in`, {
      headers: { authorization: `Bearer ${server.shop.secret}` },
    });
    expect(((await audit.json()) as { entries: { actor: string }[] }).entries.map((e) => e.actor)).toEqual([
      "admin:mia",
    ]);
  });

  it("host and viewer tokens never open the back office", async () => {
    for (const role of ["host", "viewer"] as const) {
      const token = await server.token("lin", { role });
      expect(await codeOf(await exchange(token))).toBe("token_claims");
      const asBearer = await fetch(`${server.url}/v1/admin/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(await codeOf(asBearer)).toBe("session_required");
      const config = await fetch(`${server.url}/v1/config`, { headers: { authorization: `Bearer ${token}` } });
      expect(await codeOf(config)).toBe("unauthorized");
      const audit = await fetch(`${server.url}/v1/audit`, { headers: { authorization: `Bearer ${token}` } });
      expect(await codeOf(audit)).toBe("unauthorized");
    }
  });

  it("an admin token signed with another shop's secret opens nothing", async () => {
    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const forged = await adminToken({ id: server.shop.id, secret: other.secret });
    expect(await codeOf(await exchange(forged))).toBe("token_invalid");
  });

  it("an admin token never passes for a viewer's or host's at the socket", async () => {
    const token = await adminToken(server.shop);
    await expect(server.connect({ token })).rejects.toMatchObject({ data: { code: "token_claims" } });
  });
});

describe("one shop's session never reaches another shop", () => {
  it("cannot list, revoke, read or change the other shop", async () => {
    const other = await createShop(server.store.db, { name: "Other Shop" }, server.clock.now());
    const ours = await signIn(server);
    const theirs = await signIn(server, await printLink(server, other.id));

    const listed = (await (await theirs.fetch("/v1/admin/sessions")).json()) as { sessions: { id: string }[] };
    expect(listed.sessions.map((s) => s.id)).toEqual([theirs.sessionId]);
    const revoke = await theirs.fetch(`/v1/admin/sessions/${ours.sessionId}`, { method: "DELETE" });
    expect(await codeOf(revoke)).toBe("not_found");
    expect((await ours.fetch("/v1/admin/session")).status).toBe(200);

    const audit = (await (await theirs.fetch("/v1/audit")).json()) as { entries: { target: { id: string } }[] };
    expect(audit.entries.map((e) => e.target.id)).toEqual([theirs.sessionId]);

    const read = await theirs.fetch("/v1/config");
    const patched = await theirs.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ moderation: { blockedWords: ["theirs"] } }),
    });
    expect(patched.status).toBe(200);
    const oursNow = (await (await ours.fetch("/v1/config")).json()) as { moderation: { blockedWords: string[] } };
    expect(oursNow.moderation.blockedWords).not.toContain("theirs");
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { type AdminSessionModel, createAdminSession } from "../../console/models/admin-session.js";
import { createApiKeysModel } from "../../console/models/api-keys.js";
import { createOriginsModel } from "../../console/models/origins.js";
import { createSigningKeyModel } from "../../console/models/signing-key.js";
import type { AuditPage } from "../../protocol/index.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { signIn } from "../helpers/admin.js";

/**
 * The Settings section's models against a real server, signed in by a link as the page is: the
 * cookie goes along with each request as the browser would send it.
 */
let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const HOUR = 3600_000;

async function signedInModel(): Promise<AdminSessionModel> {
  const browser = await signIn(server);
  const admin = createAdminSession({
    server: server.url,
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: browser.cookie } }),
  });
  await admin.load();
  expect(admin.state.value.kind).toBe("signed_in");
  return admin;
}

const bearerWorks = async (secret: string) => (await shopApi(server, "/v1/config", { secret })).status === 200;

describe("the API keys model", () => {
  it("lists keys without them, shows a new key once, rotates with a grace and revokes", async () => {
    server = await startServer();
    const model = createApiKeysModel(await signedInModel());
    await model.load();
    expect(model.keys.value?.map((key) => key.state)).toEqual(["live"]);

    expect(await model.create("  ")).toBe(false);
    expect(model.refusal.value).toMatchObject({ action: "create", code: "bad_request", nameField: true });
    expect(model.keys.value).toHaveLength(1);
    // newest first: the new key is made a moment after the shop's first
    server.clock.advance(1000);

    expect(await model.create("Checkout")).toBe(true);
    const created = model.revealed.value;
    expect(created).toMatchObject({ kind: "created", key: { name: "Checkout", state: "live" } });
    expect(created?.secret.startsWith(created.key.prefix)).toBe(true);
    expect(await bearerWorks(created?.secret ?? "")).toBe(true);
    expect(model.keys.value?.map((key) => key.name)[0]).toBe("Checkout");
    // the list never holds the key itself
    expect(JSON.stringify(model.keys.value)).not.toContain(created?.secret);
    model.dismiss();
    expect(model.revealed.value).toBeNull();

    const id = created?.key.id ?? "";
    expect(await model.rotate(id, 3600)).toBe(true);
    const rotated = model.revealed.value;
    expect(rotated).toMatchObject({ kind: "rotated", previous: { id, state: "expiring" } });
    expect(rotated?.previous?.revokedAt).toBe(server.clock.now() + HOUR);
    // inside the grace both keys work
    expect(await bearerWorks(created?.secret ?? "")).toBe(true);
    expect(await bearerWorks(rotated?.secret ?? "")).toBe(true);
    expect(model.keys.value?.find((key) => key.id === id)?.state).toBe("expiring");

    const newId = rotated?.key.id ?? "";
    expect(await model.revoke(newId)).toBe(true);
    expect(model.revealed.value).toBeNull();
    expect(model.keys.value?.find((key) => key.id === newId)?.state).toBe("revoked");
    expect(await bearerWorks(rotated?.secret ?? "")).toBe(false);

    // a second revoke is refused with a code the section turns into words, and the list is read again
    expect(await model.revoke(newId)).toBe(false);
    expect(model.refusal.value).toMatchObject({ action: newId, code: "api_key_revoked" });

    const audit = (await shopApi(server, "/v1/audit?target=api_key")).body as unknown as AuditPage;
    expect(audit.entries.map((entry) => entry.action)).toEqual(["apikey.revoke", "apikey.rotate", "apikey.create"]);
  });
});

describe("the signing key model", () => {
  it("shows the current key, and after a rotation the new secret once and the previous key's window", async () => {
    server = await startServer();
    const model = createSigningKeyModel(await signedInModel());
    await model.load();
    const first = model.current.value;
    expect(first).toMatchObject({ current: true, verifiesUntil: null });
    expect(model.previous.value).toEqual([]);

    expect(await model.rotate(3600)).toBe(true);
    const rotated = model.revealed.value;
    expect(rotated?.previous?.kid).toBe(first?.kid);
    expect(model.current.value?.kid).toBe(rotated?.key.kid);
    expect(model.current.value?.kid).not.toBe(first?.kid);
    expect(model.previous.value).toEqual([
      { kid: first?.kid, createdAt: first?.createdAt, verifiesUntil: server.clock.now() + HOUR, current: false },
    ]);
    expect(JSON.stringify([model.current.value, model.previous.value])).not.toContain(rotated?.secret);
    model.dismiss();
    expect(model.revealed.value).toBeNull();
  });
});

describe("the allowed origins model", () => {
  it("adds and removes origins, shows the server's field error, and keeps what was typed through a conflict", async () => {
    server = await startServer();
    const model = createOriginsModel(await signedInModel());
    await model.load();
    expect(model.origins.value).toEqual([]);

    model.type("shop.example");
    expect(await model.add()).toBe(false);
    expect(model.fieldError.value).toBe("invalid");
    expect(model.typed.value).toBe("shop.example");
    expect(((await shopApi(server, "/v1/config")).body as { allowedOrigins: string[] }).allowedOrigins).toEqual([]);

    model.type("https://shop.example");
    expect(model.fieldError.value).toBeNull();
    expect(await model.add()).toBe(true);
    expect(model.origins.value).toEqual(["https://shop.example"]);
    expect(model.typed.value).toBe("");

    // someone else saves the config meanwhile: this add is refused, and what was typed stays
    const other = await signIn(server);
    const read = await other.fetch("/v1/config");
    const changed = await other.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ allowedOrigins: ["https://shop.example", "https://m.shop.example"] }),
    });
    expect(changed.status).toBe(200);
    model.type("https://live.shop.example");
    expect(await model.add()).toBe(false);
    expect(model.state.value).toEqual({ kind: "conflict" });
    expect(model.typed.value).toBe("https://live.shop.example");

    await model.reload();
    expect(model.state.value).toEqual({ kind: "ready" });
    expect(model.origins.value).toEqual(["https://shop.example", "https://m.shop.example"]);
    expect(model.typed.value).toBe("https://live.shop.example");
    expect(await model.add()).toBe(true);

    expect(await model.remove("https://shop.example")).toBe(true);
    const saved = ((await shopApi(server, "/v1/config")).body as { allowedOrigins: string[] }).allowedOrigins;
    expect(saved).toEqual(["https://m.shop.example", "https://live.shop.example"]);
    expect(model.origins.value).toEqual(saved);
  });
});

import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TokenClaims } from "../../protocol/index.js";
import { joinRoom, startServer, type TestServer } from "../../support/server.js";

/*
 * A join reads its viewer and writes them only when they are new or their token says something
 * new of them (services/identity.ts): a room arriving at once is mostly returning viewers.
 */

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

async function join(sub: string, extra: Partial<TokenClaims> = {}) {
  const { socket, snapshot } = await joinRoom(server, await server.token(sub, extra));
  socket.disconnect();
  return snapshot;
}

async function stored(sub: string) {
  return server.store.db
    .selectFrom("viewers")
    .select(["name", "birthday", "is_host", "created_at"])
    .where("shop_id", "=", server.shop.id)
    .where("viewer_id", "=", sub)
    .executeTakeFirst();
}

/**
 * Something that moves with every write the viewer's row gets: SQLite's count of changed rows on
 * its one connection (a join writes nothing else), Postgres's row version (xmin).
 */
async function writeMark(sub: string): Promise<string> {
  const { native } = server.store;
  if (native.dialect === "sqlite")
    return String((native.database.prepare("select total_changes() as n").get() as { n: number }).n);
  const { rows } = await sql<{ v: string }>`select xmin::text as v from viewers
    where shop_id = ${server.shop.id} and viewer_id = ${sub}`.execute(server.store.db);
  return rows[0]?.v ?? "none";
}

describe("admitting a viewer at the handshake", () => {
  it("records a new viewer with what their token says", async () => {
    const snapshot = await join("ann", { name: "Ann", birthday: "04-01" });
    expect(snapshot.viewer).toEqual({ id: "ann", name: "Ann", role: "viewer" });
    expect(await stored("ann")).toMatchObject({ name: "Ann", birthday: "04-01", is_host: 0 });
  });

  it("writes nothing for a returning viewer whose token says nothing new", async () => {
    await join("ann", { name: "Ann", birthday: "04-01" });
    const before = await writeMark("ann");
    await join("ann", { name: "Ann", birthday: "04-01" });
    await join("ann");
    expect(await writeMark("ann")).toBe(before);
    expect(await stored("ann")).toMatchObject({ name: "Ann", birthday: "04-01" });
  });

  it("keeps the name earlier tokens gave when a token carries none", async () => {
    await join("ann", { name: "Ann" });
    expect((await join("ann")).viewer).toEqual({ id: "ann", name: "Ann", role: "viewer" });
  });

  it("writes a new name or birthday, and marks a host once and for good", async () => {
    await join("ann", { name: "Ann" });
    const created = (await stored("ann"))?.created_at;
    const before = await writeMark("ann");
    expect((await join("ann", { name: "Annie", birthday: "05-02" })).viewer?.name).toBe("Annie");
    expect(await writeMark("ann")).not.toBe(before);
    expect(await stored("ann")).toMatchObject({ name: "Annie", birthday: "05-02", is_host: 0, created_at: created });
    await join("ann", { role: "host" });
    expect((await stored("ann"))?.is_host).toBe(1);
    await join("ann");
    expect(await stored("ann")).toMatchObject({ name: "Annie", birthday: "05-02", is_host: 1 });
  });
});

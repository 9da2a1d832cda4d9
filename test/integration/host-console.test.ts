import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, type HostStats } from "../../protocol/index.js";
import { joinAsHost, makeTemplate, startOffer } from "../helpers/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../helpers/server.js";

/** What the host console reads from the server: counts that mean what they say. */
let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string, name: string | undefined = sub) =>
  (await joinRoom(server, await server.token(sub, name ? { name } : {}))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });
const stats = async (): Promise<HostStats> => {
  const ack = await call(host, ClientEvent.hostStats, {});
  if (!ack.ok) throw new Error(ack.error.code);
  return ack.data;
};

describe("who the console counts", () => {
  it("viewers now counts viewers and guests in the room, never the host consoles", async () => {
    await joinAsHost(server, "host-2");
    expect((await stats()).viewers).toBe(0);
    await viewer("amy");
    await joinRoom(server);
    expect((await stats()).viewers).toBe(2);
  });

  it("a host saying the keyword calls the deal: it is a comment, not a claim or an entry", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 5 });
    expect(await say(host, "1")).toEqual({ ok: true, data: { accepted: true, claim: null } });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
    expect((await stats()).offer).toMatchObject({ id: offer.id, claimed: 1, entries: 1 });
    const coupons = await server.store.db.selectFrom("coupons").select("viewer_id").execute();
    expect(coupons).toEqual([{ viewer_id: "amy" }]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Snapshot } from "../../protocol/wire.js";
import { type HostTransport, type LinkStatus, socketTransport } from "../../widget/host/transport.js";
import { startServer, type TestServer } from "../helpers/server.js";

/** The console's socket.io transport against the real server: admission, pushes, acks, refusals. */
describe("host console socket transport", () => {
  let server: TestServer;
  const open: HostTransport[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => {
    for (const t of open.splice(0)) t.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  const connect = (token?: string, ackTimeoutMs?: number) => {
    const transport = socketTransport({
      server: server.url,
      room: server.roomId,
      ...(token ? { token } : {}),
      ...(ackTimeoutMs ? { ackTimeoutMs } : {}),
    });
    open.push(transport);
    return transport;
  };
  const nextStatus = (t: HostTransport) =>
    new Promise<LinkStatus>((resolve) => {
      const off = t.onStatus((s) => {
        off();
        resolve(s);
      });
    });

  it("opens, receives the snapshot with the host's role, and answers calls through acks", async () => {
    const transport = connect(await server.token("host-lin", { role: "host", name: "Lin" }));
    const snapshot = new Promise<Snapshot>((resolve) => transport.on(ServerEvent.snapshot, resolve));
    expect(await nextStatus(transport)).toEqual({ state: "open" });
    expect((await snapshot).viewer).toEqual({ id: "host-lin", name: "Lin", role: "host" });
    const ack = await transport.call(ClientEvent.sync, {});
    expect(ack.ok && ack.data.room.id).toBe(server.roomId);
  });

  it("reports a refused handshake with the server's code", async () => {
    const transport = connect(await server.token("host-lin", { role: "host" }, "sk_another_shops_secret_0000000000"));
    expect(await nextStatus(transport)).toEqual({ state: "refused", code: "token_invalid" });
  });

  it("answers a call the server never acknowledges with a timeout, not a hang", async () => {
    const transport = connect(await server.token("host-lin", { role: "host" }), 300);
    await nextStatus(transport);
    // a name the server has no handler for (as an older server would treat a newer console's call) gets no ack
    const ack = await transport.call("host:not-a-handler" as typeof ClientEvent.hostStats, {});
    expect(ack).toEqual({ ok: false, error: { code: "timeout", message: "the server did not answer in time" } });
  });

  it("close() leaves the room: the server no longer holds the console's socket", async () => {
    const transport = connect(await server.token("host-close", { role: "host" }));
    await nextStatus(transport);
    const held = async () =>
      (await server.app.io.fetchSockets()).filter((s) => s.data.identity?.viewerId === "host-close").length;
    expect(await held()).toBe(1);
    transport.close();
    await expect.poll(held).toBe(0);
  });
});

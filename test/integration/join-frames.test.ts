import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { joinRoom, startServer, type TestServer } from "../../support/server.js";

/*
 * A join's answer (socket.io's connect packet, then the snapshot) leaves in one flush of
 * engine.io's buffer, one system call, rather than one per packet (server/realtime/one-write.ts).
 * The frames themselves are what the widget's client has always read.
 */

let server: TestServer;
/** engine.io's flushes to each connection, as the packets' data */
let flushes: string[][];
beforeEach(async () => {
  server = await startServer();
  flushes = [];
  server.app.io.engine.on(
    "connection",
    (conn: { on(event: "flush", fn: (buffer: { data?: unknown }[]) => void): void }) => {
      conn.on("flush", (buffer) => {
        flushes.push(buffer.map((packet) => String(packet.data ?? "")));
      });
    },
  );
});
afterEach(async () => {
  await server.close();
});

/** The flushes after the engine.io handshake (its open packet is answered before socket.io connects). */
const afterOpen = () => flushes.filter((packets) => !packets.some((data) => data.startsWith('{"sid"')));

describe("a join's first answer", () => {
  it("sends a viewer the connect packet and the snapshot in one write", async () => {
    const { socket, snapshot } = await joinRoom(server, await server.token("ann", { name: "Ann" }));
    expect(snapshot.viewer?.id).toBe("ann");
    const first = afterOpen()[0] ?? [];
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^0\{"sid":/);
    expect(first[1]).toMatch(/^2\["snapshot",/);
    socket.disconnect();
  });

  it("does the same for a guest, and later events still go out as they come", async () => {
    const { socket, snapshot } = await joinRoom(server);
    expect(snapshot.viewer).toBeNull();
    const [first] = afterOpen();
    expect(first?.map((data) => data.slice(0, 12))).toEqual([expect.stringMatching(/^0/), '2["snapshot"']);
    // the transport is writable again: an answer to the viewer's own request arrives
    const again = await socket.timeout(3000).emitWithAck("snapshot:get", {});
    expect(again).toMatchObject({ ok: true });
    socket.disconnect();
  });
});

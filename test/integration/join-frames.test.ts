import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
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

describe("the websocket upgrade's answer", () => {
  it("sends the HTTP 101 response and engine.io's open packet in one write", async () => {
    // every write the TCP socket makes, as the text of the chunks it hands the system at once
    const writes: string[][] = [];
    const http = (server.app.io as unknown as { httpServer: HttpServer }).httpServer;
    http.on("upgrade", (_request: IncomingMessage, socket: Duplex) => {
      const tcp = socket as Duplex & {
        _write(chunk: Buffer, encoding: string, done: () => void): void;
        _writev(chunks: { chunk: Buffer | string }[], done: () => void): void;
      };
      const write = tcp._write.bind(tcp);
      const writev = tcp._writev.bind(tcp);
      tcp._write = (chunk, encoding, done) => {
        writes.push([String(chunk)]);
        write(chunk, encoding, done);
      };
      tcp._writev = (chunks, done) => {
        writes.push(chunks.map(({ chunk }) => String(chunk)));
        writev(chunks, done);
      };
    });
    const { socket } = await joinRoom(server, await server.token("ann", { name: "Ann" }));
    const [first, second] = writes;
    expect(first?.join("")).toMatch(/^HTTP\/1\.1 101 /);
    // the open packet's frame: engine.io's "0" and its handshake
    expect(first?.join("")).toMatch(/0\{"sid":/);
    // then the connect packet and the snapshot, together (one-write.ts holdWrites)
    expect(second?.join("")).toMatch(/40\{"sid":.*42\["snapshot",/s);
    socket.disconnect();
  });
});

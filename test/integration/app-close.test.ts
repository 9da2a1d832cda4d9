import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * Stopping the app (a deploy's SIGTERM, a test's restart) finishes even while a client holds a
 * request open that will never complete on its own.
 */
describe("closing the app", () => {
  let server: TestServer | undefined;
  const clients: Socket[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.dispose();
  });

  it("drops a request still in flight after a grace, instead of waiting for it forever", async () => {
    server = await startServer();
    const { port } = new URL(server.url);
    const stalled = connect(Number(port), "127.0.0.1");
    clients.push(stalled);
    const closed = new Promise<void>((resolve) => stalled.once("close", () => resolve()));
    await new Promise<void>((resolve) => stalled.once("connect", () => resolve()));
    // an upload that promised a kilobyte and sent one byte of it
    stalled.write(
      [
        "POST /v1/orders HTTP/1.1",
        "Host: 127.0.0.1",
        `Authorization: Bearer ${server.shop.secret}`,
        "Content-Type: application/json",
        "Content-Length: 1024",
        "",
        "{",
      ].join("\r\n"),
    );
    // the server has the request: its headers are read, its body is awaited
    await new Promise((resolve) => setTimeout(resolve, 200));

    await server.stop();
    await closed;
    expect(stalled.destroyed).toBe(true);
  });
});

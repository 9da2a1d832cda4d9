import { existsSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers/server.js";

describe.skipIf(!existsSync("dist/widget/encore.js"))("the server serves the built widget", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(["/encore.js", "/encore.mjs"])("%s, loadable from any origin", async (path) => {
    const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toContain("max-age=300");
    expect((await response.text()).length).toBeGreaterThan(1000);
  });

  it.each(["/widget/encore-agora.mjs", "/widget/agora-rtc-sdk-ng.js"])(
    "%s, imported after play intent, from any origin",
    async (path) => {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("javascript");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      await response.arrayBuffer();
    },
  );

  it("the panels encore.js imports on first open: beside it, content-hashed, from any origin", async () => {
    const panels = readdirSync("dist/widget").filter((f) => /^panel-[\w-]+\.js$/.test(f));
    expect(panels.length).toBeGreaterThan(0);
    for (const path of panels.flatMap((f) => [`/${f}`, `/widget/${f}`])) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("javascript");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.text()).toContain("borrow");
    }
    expect((await fetch(`${server.url}/panel-none-00000000.js`)).status).toBe(404);
  });

  it("the demo's offline stream", async () => {
    const response = await fetch(`${server.url}/demo/live-demo.webm`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/webm");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML: a WebM file
  });
});

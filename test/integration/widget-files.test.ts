import { existsSync } from "node:fs";
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
});

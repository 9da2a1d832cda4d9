import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/** A GET whose headers the test sets and whose bytes arrive as sent (fetch would decompress them). */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on("error", reject)
      .end();
  });
}

const IMMUTABLE = "public, max-age=31536000, immutable";

describe.skipIf(!requires("widget"))("the server serves the built widget", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** the content-hashed bundle the loader at /encore.js loads */
  const bundlePath = async () => {
    const loader = await (await fetch(`${server.url}/encore.js`)).text();
    const path = /\/widget\/encore-[A-Za-z0-9_-]{8}\.js/.exec(loader)?.[0];
    if (!path) throw new Error(`the loader names no hashed bundle:\n${loader}`);
    return path;
  };

  it.each(["/encore.js", "/encore.mjs"])("%s, loadable from any origin", async (path) => {
    const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toContain("max-age=300");
    await response.arrayBuffer();
  });

  it("/encore.js is a small loader; the widget it loads is content-hashed and immutable", async () => {
    const loader = await (await fetch(`${server.url}/encore.js`)).text();
    expect(loader.length).toBeLessThan(1024);
    const response = await fetch(`${server.url}${await bundlePath()}`, {
      headers: { origin: "https://streamer.example" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/javascript");
    expect(response.headers.get("cache-control")).toBe(IMMUTABLE);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect((await response.text()).length).toBeGreaterThan(1000);
    expect((await (await fetch(`${server.url}/encore.mjs`)).text()).length).toBeGreaterThan(1000);
  });

  it("sends brotli or gzip as the browser accepts, each decoding to the same file", async () => {
    const url = `${server.url}${await bundlePath()}`;
    const plain = await rawGet(url);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toContain("accept-encoding");

    const br = await rawGet(url, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gzip = await rawGet(url, { "accept-encoding": "gzip;q=1, br;q=0" });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);

    const loader = await rawGet(`${server.url}/encore.js`, { "accept-encoding": "gzip" });
    expect(loader.headers["content-encoding"]).toBe("gzip");
  });

  it.each(["/encore.js", "/encore.mjs", "/widget/host.js"])(
    "%s is revalidated by ETag and Last-Modified: 304 while unchanged",
    async (path) => {
      const url = `${server.url}${path}`;
      const first = await rawGet(url, { "accept-encoding": "br" });
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(first.headers["last-modified"]).toBeDefined();

      const again = await rawGet(url, { "accept-encoding": "br", "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(etag);

      const since = await rawGet(url, { "if-modified-since": String(first.headers["last-modified"]) });
      expect(since.status).toBe(304);

      const stale = await rawGet(url, { "accept-encoding": "br", "if-none-match": '"an-older-build"' });
      expect(stale.status).toBe(200);
    },
  );

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

  it("the panels the bundle imports on first open: beside it under /widget/, content-hashed, from any origin", async () => {
    const panels = readdirSync("dist/widget").filter((f) => /^panel-[\w-]+\.js$/.test(f));
    expect(panels.length).toBeGreaterThan(0);
    for (const path of panels.map((f) => `/widget/${f}`)) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("javascript");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("cache-control")).toContain("immutable");
      // an ES module whose default export is the panel
      expect(await response.text()).toMatch(/export\s*\{[^}]*\bas default\b/);
    }
    expect((await fetch(`${server.url}/widget/panel-none-00000000.js`)).status).toBe(404);
  });

  it("the demo's offline stream", async () => {
    const response = await fetch(`${server.url}/demo/live-demo.webm`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("video/webm");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML: a WebM file
  });
});

describe("content-hashed files under /widget/ are immutable, whatever their name", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "encore-widget-"));
    mkdirSync(join(dir, "chunks"));
    for (const name of ["panel-rewards-Ab3dE9xZ.mjs", "shelf.Qx_7-kLm.js", "panel-checkout.mjs", "encore-agora.mjs"])
      writeFileSync(join(dir, name), `export const name = ${JSON.stringify(name)};\n`);
    writeFileSync(join(dir, "chunks", "agora-DCMn83Hk.js"), "export {};\n");
    writeFileSync(join(dir, ".secret"), "not served");
    server = await startServer({ widgetDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["/widget/panel-rewards-Ab3dE9xZ.mjs", IMMUTABLE],
    ["/widget/shelf.Qx_7-kLm.js", IMMUTABLE],
    ["/widget/chunks/agora-DCMn83Hk.js", IMMUTABLE],
    ["/chunks/agora-DCMn83Hk.js", IMMUTABLE],
    ["/widget/panel-checkout.mjs", "public, max-age=300"],
    ["/widget/encore-agora.mjs", "public, max-age=300"],
  ])("%s: %s", async (path, cacheControl) => {
    const response = await fetch(`${server.url}${path}`, { headers: { origin: "https://streamer.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(cacheControl);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    await response.arrayBuffer();
  });

  it("serves nothing outside the folder and no hidden file", async () => {
    for (const path of ["/widget/.secret", "/widget/%2e%2e/package.json", "/widget/..%2F..%2Fpackage.json"]) {
      expect((await rawGet(`${server.url}${path}`)).status).toBe(404);
    }
  });

  it("answers 503 at /encore.js while the widget is not built", async () => {
    const response = await fetch(`${server.url}/encore.js`);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

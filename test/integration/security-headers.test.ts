import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inlineScriptHashes, pagePolicy } from "../../server/http/security-headers.js";
import { startServer, type TestServer } from "../../support/server.js";

const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? "";

describe("security headers on every response", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ demo: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["GET", "/health"],
    ["GET", "/v1/config"], // refused: no shop secret
    ["GET", "/no/such/route"],
    ["GET", "/openapi.json"],
    ["GET", "/demo/api/room"],
    ["GET", "/demo/live-demo.webm"],
    ["GET", "/favicon.ico"],
    ["GET", "/"],
    ["GET", "/host"],
    ["GET", "/docs"],
    ["POST", "/v1/orders"],
    ["GET", "/socket.io/?EIO=4&transport=polling"],
  ])("%s %s: nosniff and no referrer", async (method, path) => {
    const response = await fetch(`${server.url}${path}`, { method, redirect: "manual" });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    await response.arrayBuffer();
  });

  it.each(["/", "/host"])(
    "%s: a policy that allows this server's scripts and the page's own, nothing else",
    async (path) => {
      const response = await fetch(`${server.url}${path}?room=${server.roomId}&token=secret-in-the-url`);
      const html = await response.text();
      const csp = response.headers.get("content-security-policy") ?? "";
      const scripts = directive(csp, "script-src");
      expect(scripts).toMatch(/^script-src 'self'/);
      expect(scripts).not.toContain("unsafe-inline");
      expect(scripts).not.toContain("unsafe-eval");
      // every inline script of the page is allowed by its hash, and only those
      const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
        (m) =>
          `'sha256-${createHash("sha256")
            .update(m[1] ?? "")
            .digest("base64")}'`,
      );
      expect(inline.length).toBeGreaterThan(0);
      for (const hash of inline) expect(scripts).toContain(hash);
      expect(scripts.split(" ").filter((s) => s.startsWith("'sha256-"))).toHaveLength(inline.length);
      expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
      expect(directive(csp, "object-src")).toBe("object-src 'none'");
      expect(directive(csp, "connect-src")).toBe("connect-src 'self'");
      // products show the shop's images from wherever it keeps them
      expect(directive(csp, "img-src")).toContain("https:");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );

  it("the docs page has a policy too", async () => {
    const response = await fetch(`${server.url}/docs/`, { redirect: "follow" });
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    await response.arrayBuffer();
  });
});

describe("the page policy", () => {
  it("hashes inline scripts as the browser parses them, and skips scripts with a src", () => {
    const html = `<script src="/widget/host.js"></script>\r\n<script>\r\n  go();\r\n</script><SCRIPT type="module">x()</SCRIPT>`;
    const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(inlineScriptHashes(html)).toEqual([sha("\n  go();\n"), sha("x()")]);
  });

  it("lets Agora's SDK reach its servers only when live video is configured", () => {
    const html = readFileSync("demo/index.html", "utf8");
    expect(directive(pagePolicy(html, { liveVideo: false }), "connect-src")).toBe("connect-src 'self'");
    const withVideo = pagePolicy(html, { liveVideo: true });
    expect(directive(withVideo, "connect-src")).toBe("connect-src 'self' https: wss:");
    expect(directive(withVideo, "worker-src")).toBe("worker-src 'self' blob:");
  });
});

import type { FastifyInstance } from "fastify";
import { type AssetCache, sendAsset } from "./assets.js";
import { type PagePolicyOptions, pagePolicy } from "./security-headers.js";

export interface PagesOptions extends PagePolicyOptions {
  /** where the demo pages, the demo stream and the icon are */
  demoDir: string;
}

/** Pages change with a deploy, and links to them carry tokens: always revalidated, never stored by others. */
const PAGE_CACHE = "no-cache, private";

/** The demo room, the host console, the back office and the extension's sign-in, served from the same origin as the API. */
export function registerPages(app: FastifyInstance, cache: AssetCache, options: PagesOptions): void {
  const { demoDir } = options;
  // one policy per version of a page: its inline scripts' hashes are part of it
  const policies = new Map<string, string>();
  const policyFor = (hash: string, html: Buffer) => {
    let policy = policies.get(hash);
    if (!policy) {
      policy = pagePolicy(html.toString("utf8"), options);
      policies.set(hash, policy);
    }
    return policy;
  };

  for (const [url, name] of [
    ["/", "index.html"],
    ["/host", "host.html"],
    // the back office: the console app opened on its back-office tab (a sign-in link lands here)
    ["/admin", "admin.html"],
    // the demo shop's sign-in for the browser extension: it hands the viewer token to the extension
    ["/extension-sign-in", "extension-sign-in.html"],
  ] as const) {
    app.get(url, { schema: { hide: true } }, async (request, reply) => {
      const entry = await cache.load(demoDir, name);
      if (!entry) return reply.status(404).send({ error: { code: "not_found", message: `no ${name}` } });
      const csp = policyFor(entry.asset.hash, entry.asset.body);
      return sendAsset(cache, entry, request, reply, {
        cacheControl: PAGE_CACHE,
        headers: { "content-security-policy": csp },
      });
    });
  }

  // Browsers ask for /favicon.ico on every page that names no icon; ours is one SVG for both.
  for (const url of ["/favicon.svg", "/favicon.ico"]) {
    app.get(url, { schema: { hide: true } }, async (request, reply) => {
      const entry = await cache.load(demoDir, "favicon.svg");
      if (!entry) return reply.status(404).send({ error: { code: "not_found", message: "no icon" } });
      return sendAsset(cache, entry, request, reply, { cacheControl: "public, max-age=86400" });
    });
  }

  // The offline demo's stream, played by the demo page through the html5 adapter when Agora is off.
  app.get("/demo/live-demo.webm", { schema: { hide: true } }, async (request, reply) => {
    const entry = await cache.load(demoDir, "live-demo.webm");
    if (!entry) return reply.status(404).send({ error: { code: "not_found", message: "no demo video" } });
    return sendAsset(cache, entry, request, reply, { cacheControl: "public, max-age=3600" });
  });
}

import { basename } from "node:path";
import type { FastifyInstance } from "fastify";
import { type AssetCache, sendAsset } from "./assets.js";

/** A content-hashed file never changes under its name: browsers keep it a year without asking. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/**
 * The names streamers paste (/encore.js, /encore.mjs) and files without a hash in their name:
 * a short cache so a deploy reaches every page within minutes, then a cheap 304 by ETag.
 */
export const SHORT_LIVED = "public, max-age=300";

/**
 * Whether a file's name carries a content hash, as Vite writes them (`name-[hash].ext` or
 * `name.[hash].ext`, eight characters of base64url): whatever the file, it may then be cached for
 * good. A real hash has a digit or a capital; a word such as "-checkout" does not count.
 */
export function isContentHashed(file: string): boolean {
  const hash = /[-.]([A-Za-z0-9_-]{8})\.[a-z0-9]+$/.exec(basename(file))?.[1];
  return hash !== undefined && /[0-9A-Z]/.test(hash);
}

/** Streamers' pages on other origins load these as scripts and import them as modules: any origin. */
const CROSS_ORIGIN = { "access-control-allow-origin": "*" };

/**
 * The built widget: the loader streamers paste at /encore.js, the ES build at /encore.mjs, and
 * every file beside them (the hashed bundle, lazily imported Agora files and panels, the host
 * console) under /widget/; the ES build's chunks also at /chunks/, where its relative imports look.
 */
export function registerWidgetFiles(app: FastifyInstance, cache: AssetCache, widgetDir: string): void {
  for (const name of ["encore.js", "encore.mjs"]) {
    app.get(`/${name}`, { schema: { hide: true } }, async (request, reply) => {
      const entry = await cache.load(widgetDir, name);
      if (!entry) {
        return reply
          .status(503)
          .type("text/plain; charset=utf-8")
          .header("cache-control", "no-store")
          .send("the widget is not built: run npm run build");
      }
      return sendAsset(cache, entry, request, reply, { cacheControl: SHORT_LIVED, headers: CROSS_ORIGIN });
    });
  }

  for (const [prefix, dir] of [
    ["/widget/", widgetDir],
    ["/chunks/", `${widgetDir}/chunks`],
  ] as const) {
    app.get<{ Params: { "*": string } }>(`${prefix}*`, { schema: { hide: true } }, async (request, reply) => {
      const file = request.params["*"];
      const entry = await cache.load(dir, file);
      if (!entry) {
        return reply.status(404).send({ error: { code: "not_found", message: `no file ${prefix}${file}` } });
      }
      const cacheControl = isContentHashed(file) ? IMMUTABLE : SHORT_LIVED;
      return sendAsset(cache, entry, request, reply, { cacheControl, headers: CROSS_ORIGIN });
    });
  }
}

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";

const DEMO_DIR = resolve("demo");

/** The built widget files a streamer's page loads: the script tag's IIFE and the ES module. */
const WIDGET_FILES = [
  ["/encore.js", "encore.js"],
  ["/encore.mjs", "encore.mjs"],
] as const;

/** The widget's files and the demo pages, served from the same origin as the API. */
export function registerPages(app: FastifyInstance, widgetDir: string): void {
  for (const [url, name] of WIDGET_FILES) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      const file = join(widgetDir, name);
      if (!existsSync(file)) {
        return reply.status(503).type("text/plain").send("the widget is not built: run npm run build");
      }
      // Short cache: streamers' pages pick up a new widget within minutes of a deploy.
      // Any origin may load it: module scripts from another origin need CORS.
      return reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "public, max-age=300")
        .header("access-control-allow-origin", "*")
        .send(readFileSync(file));
    });
  }

  // The script tag's panels are imported from beside the bundle (widget/lazy/load-files.ts); while
  // the bundle itself is served at /encore.js, that is here as well as under /widget/.
  app.get("/:file(^panel-[\\w-]+\\.js$)", { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    const path = join(widgetDir, file);
    if (!existsSync(path)) return reply.status(404).send({ error: { code: "not_found", message: "no such file" } });
    // content-hashed: a new build writes a new name
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=31536000, immutable")
      .header("access-control-allow-origin", "*")
      .send(readFileSync(path));
  });

  // The offline demo's stream, played by the demo page through the html5 adapter when Agora is off.
  app.get("/demo/live-demo.webm", { schema: { hide: true } }, async (_request, reply) => {
    const file = join(DEMO_DIR, "live-demo.webm");
    if (!existsSync(file)) return reply.status(404).send({ error: { code: "not_found", message: "no demo video" } });
    return reply.type("video/webm").header("cache-control", "public, max-age=3600").send(readFileSync(file));
  });

  for (const [url, name] of [
    ["/", "index.html"],
    ["/host", "host.html"],
  ] as const) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => {
      const file = join(DEMO_DIR, name);
      if (!existsSync(file)) return reply.status(404).send({ error: { code: "not_found", message: `no ${name}` } });
      return reply.type("text/html; charset=utf-8").send(readFileSync(file));
    });
  }
}

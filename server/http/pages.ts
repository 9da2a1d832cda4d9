import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";

const DEMO_DIR = resolve("demo");

/** The script tag's file and the demo pages, served from the same origin as the API. */
export function registerPages(app: FastifyInstance, widgetDir: string): void {
  app.get("/encore.js", { schema: { hide: true } }, async (_request, reply) => {
    const file = join(widgetDir, "encore.js");
    if (!existsSync(file)) {
      return reply.status(503).type("text/plain").send("the widget is not built: run npm run build");
    }
    // Short cache: streamers' pages pick up a new widget within minutes of a deploy.
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(readFileSync(file));
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

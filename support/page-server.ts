import { createServer } from "node:http";

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A streamer's page on its own origin (127.0.0.1 on a free port), so the widget is tested as it
 * runs in the field: loaded cross-origin from the Encore server.
 */
export async function servePage(html: string | (() => string)): Promise<PageServer> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(typeof html === "string" ? html : html()),
  );
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

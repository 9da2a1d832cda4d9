import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../test/fixtures/platforms/", import.meta.url));
const VIDEO = fileURLToPath(new URL("../demo/live-demo.webm", import.meta.url));

/** A platform's page as the fixtures stand for it: its host, and the room's path and query. */
export interface PlatformPageAddress {
  host: string;
  path: string;
}

export interface PlatformPages {
  origin: string;
  /** where the fixture of https://<host><path> is served (the extension's test build reads it back as that URL) */
  url(page: PlatformPageAddress): string;
  /** the same page at an address that is no platform's: a page pretending to be a live room */
  impostorUrl(page: PlatformPageAddress): string;
  close(): Promise<void>;
}

/**
 * The live platforms' rooms, offline: test/fixtures/platforms/<host>.html served at
 * /<host>/<any path> on 127.0.0.1, with a CSP as strict about connections as the platforms'
 * (what the extension's content script sends must not depend on the page allowing it), and the
 * demo stream at /media/live-demo.webm (with ranges, as a player asks for them).
 */
export async function servePlatformPages(): Promise<PlatformPages> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://fixture").pathname;
    if (path === "/media/live-demo.webm") {
      const size = statSync(VIDEO).size;
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      const end = range?.[2] ? Number(range[2]) : size - 1;
      const body = readFileSync(VIDEO).subarray(start, end + 1);
      res.writeHead(range ? 206 : 200, {
        "content-type": "video/webm",
        "accept-ranges": "bytes",
        "content-length": String(body.length),
        ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
      });
      res.end(body);
      return;
    }
    const [, first = "", second = ""] = path.split("/");
    const host = first === "impostor" ? second : first;
    const file = `${FIXTURES}${host}.html`;
    if (!/^[a-z0-9.-]+$/.test(host) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; media-src 'self'",
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    origin,
    url: ({ host, path }) => `${origin}/${host}${path}`,
    impostorUrl: ({ host, path }) => `${origin}/impostor/${host}${path}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

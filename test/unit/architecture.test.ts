import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every module a file imports (type-only imports too), as paths from the repository's root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1] ?? "");
  return specifiers.filter((s) => s.startsWith(".")).map((s) => relative(root, resolve(dirname(join(root, file)), s)));
}

/** Files under `from` that import anything under one of `forbidden`, with the offending import. */
function crossings(from: string, forbidden: string[]): string[] {
  return sourcesUnder(from).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((dir) => target === dir || target.startsWith(`${dir}/`)))
      .map((target) => `${file} -> ${target}`),
  );
}

describe("the server's layers import one way", () => {
  it("the edges (http, realtime) call services, never the store", () => {
    expect(crossings("server/http", ["server/store"])).toEqual([]);
    expect(crossings("server/realtime", ["server/store"])).toEqual([]);
  });

  it("the store imports neither ops, domain, services nor the edges", () => {
    expect(
      crossings("server/store", ["server/ops", "server/domain", "server/services", "server/http", "server/realtime"]),
    ).toEqual([]);
  });

  it("services call the store, never the edges; domain rules import no layer with I/O", () => {
    expect(crossings("server/services", ["server/http", "server/realtime"])).toEqual([]);
    expect(
      crossings("server/domain", ["server/store", "server/services", "server/http", "server/realtime", "server/ops"]),
    ).toEqual([]);
  });

  it("the demo shop's backend is a shop's backend: the SDK and the protocol, never the server's insides", () => {
    const reaching = importsOf("demo/shop-backend.ts").filter((target) => /^(server|support)\//.test(target));
    expect(reaching).toEqual([]);
  });

  it("the server never imports the demo", () => {
    expect(crossings("server", ["demo"])).toEqual([]);
  });
});

describe("the rest of the tree keeps its lanes", () => {
  it("benchmarks and scripts share support/, never test/", () => {
    expect(crossings("bench", ["test"])).toEqual([]);
    expect(crossings("scripts", ["test"])).toEqual([]);
    expect(crossings("support", ["test"])).toEqual([]);
  });

  it("protocol/ depends on nothing of ours but itself", () => {
    expect(crossings("protocol", ["server", "client", "widget", "console", "demo"])).toEqual([]);
  });

  it("the console is an app beside the widget, and the browser code never imports the server", () => {
    expect(existsSync(join(root, "console"))).toBe(true);
    expect(existsSync(join(root, "widget/host"))).toBe(false);
    expect(crossings("widget", ["console", "server"])).toEqual([]);
    expect(crossings("console", ["server"])).toEqual([]);
    expect(crossings("client", ["widget", "console", "server"])).toEqual([]);
  });

  it("the browser has one socket client: client/socket.ts", () => {
    const browser = ["client", "widget", "console"].flatMap(sourcesUnder);
    const opensSockets = browser.filter((file) => /new WebSocket\(/.test(readFileSync(join(root, file), "utf8")));
    expect(opensSockets).toEqual(["client/socket.ts"]);
    const socketIoClient = browser.filter((file) =>
      /from\s+"socket\.io-client"/.test(readFileSync(join(root, file), "utf8")),
    );
    expect(socketIoClient).toEqual([]);
  });
});

describe("the browser apps share code through client/ only", () => {
  it("the console never reaches into the widget, nor the widget into the console", () => {
    expect(crossings("console", ["widget"])).toEqual([]);
    expect(crossings("widget", ["console"])).toEqual([]);
  });

  it("client/ imports neither app, nor the Agora SDK (which stays lazily loaded)", () => {
    expect(crossings("client", ["widget", "console"])).toEqual([]);
    const sdk = sourcesUnder("client").filter((file) =>
      /from\s+"agora-rtc-sdk-ng"|import\(\s*"agora-rtc-sdk-ng"/.test(readFileSync(join(root, file), "utf8")),
    );
    expect(sdk).toEqual([]);
  });

  it("the overlay follows its own signals through reactive(), never Preact's hooks or Preact's signals", () => {
    // each would put a second way of re-rendering, or a second signals core, into the script tag's first load
    const patching = sourcesUnder("widget").filter((file) =>
      /from\s+"(?:preact\/hooks|@preact\/signals|@preact\/signals-core)"/.test(readFileSync(join(root, file), "utf8")),
    );
    expect(patching).toEqual([]);
  });
});

/**
 * `Number(` parsing input that arrives as text: a CLI argument, a header, a birthday, quiet hours'
 * "HH:MM", the parts Intl formats a date into. Everything else a number comes from is a database row, read once in
 * server/store (store/numbers.ts), so a `Number(` anywhere else converts nothing or hides a row
 * type that lies.
 */
const PARSES_INPUT = new Set([
  "server/cli.ts",
  "server/http/content-coding.ts",
  "server/domain/lifecycle/birthday.ts",
  "server/domain/lifecycle/budget.ts",
  "server/domain/segments.ts",
  "server/domain/webhooks.ts",
  "server/domain/zone-offset.ts",
]);

describe("numbers from the database", () => {
  it("are converted once, where the store reads the row: no Number( on a row outside server/store", () => {
    const converting = sourcesUnder("server")
      .filter((file) => !file.startsWith("server/store/") && !PARSES_INPUT.has(file))
      .flatMap((file) =>
        readFileSync(join(root, file), "utf8")
          .split("\n")
          .flatMap((line, i) => (/\bNumber\(/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(converting).toEqual([]);
  });
});

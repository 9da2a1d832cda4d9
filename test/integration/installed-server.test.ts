import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.js";
import { requires } from "../../support/requires.js";

const BIN = fileURLToPath(new URL("../../bin/encore-server.js", import.meta.url));
/** `npm start` runs the demo through tsx, as the binary runs the server */
const TSX = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const DEMO_MAIN = fileURLToPath(new URL("../../demo/main.ts", import.meta.url));

/** this machine's environment without the settings that would point the server elsewhere */
function operatorEnv(): NodeJS.ProcessEnv {
  const { PORT: _port, HOST: _host, ENCORE_DB: _db, ENCORE_REDIS: _redis, ...rest } = process.env;
  return rest;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/**
 * Starts a server process in `cwd` and waits for its URL and, when given, for a later line.
 * `command` begins with the file to run: Node itself, or the binary run through its first line.
 */
function startIn(cwd: string, command: [string, ...string[]], until?: string): Promise<Started> {
  const [file, ...args] = command;
  const child = spawn(file, args, {
    cwd,
    env: { ...operatorEnv(), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 25_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (found && (until === undefined || output.includes(until))) {
        clearTimeout(timer);
        resolve({ child, url: found, output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await exited;
  }
}

/**
 * `npx encore-server` from a folder of the operator's own: the real binary, its working directory
 * a fresh temp folder holding nothing but the data it writes there. It must serve its own pages,
 * widget and demo stream from where it is installed.
 */
describe("the server binary started from another folder", () => {
  let cwd: string;
  let started: Started | undefined;
  let url: string;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "encore-elsewhere-"));
    started = await startIn(cwd, [process.execPath, ...SERVER_NODE_FLAGS, BIN, "--port", "0"]);
    url = started.url;
  }, 30_000);

  afterAll(async () => {
    await stop(started?.child);
    rmSync(cwd, { recursive: true, force: true });
  });

  it("serves the demo room, the host console, the icon and the demo stream", async () => {
    for (const [path, type] of [
      ["/", "text/html"],
      ["/host", "text/html"],
      ["/favicon.ico", "image/svg+xml"],
      ["/demo/live-demo.webm", "video/webm"],
    ]) {
      const response = await fetch(`${url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toContain(type);
      await response.arrayBuffer();
    }
  });

  it.skipIf(!requires("widget"))("serves the built widget", async () => {
    const response = await fetch(`${url}/encore.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/\/widget\/encore-[\w-]+\.js/);
  });

  it("keeps its data in the folder it was started from", () => {
    expect(existsSync(join(cwd, "data", "encore.db"))).toBe(true);
  });
});

/** `npm start`: the plain server wrapped with the demo shop, its links and the crowd command. */
describe("the demo started from another folder", () => {
  let cwd: string;
  let started: Started | undefined;
  let url: string;
  let output = "";

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "encore-demo-"));
    started = await startIn(cwd, [process.execPath, TSX, ...SERVER_NODE_FLAGS, DEMO_MAIN, "--port", "0"], "busy room:");
    url = started.url;
    output = started.output();
  }, 30_000);

  afterAll(async () => {
    await stop(started?.child);
    rmSync(cwd, { recursive: true, force: true });
  });

  it("prints the demo's links", () => {
    expect(output).toContain(`host console: ${url}/host?room=demo&token=`);
  });

  it("prints a back-office sign-in link that lands on the back office once", async () => {
    const link = /back office: {2}(\S+)/.exec(output)?.[1] ?? "";
    expect(link.startsWith(`${url}/v1/admin/sign-in?link=`)).toBe(true);
    const opened = await fetch(link, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe("/admin");
    const cookie = opened.headers.get("set-cookie")?.split(";")[0] ?? "";
    const session = await fetch(`${url}/v1/admin/session`, { headers: { cookie } });
    expect(((await session.json()) as { shop: { id: string } }).shop.id).toBe("demo-shop");
    expect((await fetch(`${url}/admin`)).status).toBe(200);
    expect((await fetch(link, { redirect: "manual" })).status).toBe(401);
  });

  it("prints the crowd command with the port it really listens on", () => {
    const port = new URL(url).port;
    expect(port).not.toBe("8787");
    const line = output.split("\n").find((l) => l.includes("npm run demo:crowd")) ?? "";
    expect(line).toContain(`--url ${url}`);
  });
});

describe("the plain server binary", () => {
  let cwd: string;
  let started: Started | undefined;

  afterAll(async () => {
    await stop(started?.child);
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it("seeds no demo shop and prints no demo links", async () => {
    cwd = mkdtempSync(join(tmpdir(), "encore-plain-"));
    // run as `npx encore-server` runs it: the file itself, through its first line and the flags there
    started = await startIn(cwd, [BIN, "--port", "0"]);
    const links = await fetch(`${started.url}/demo/api/room`);
    await links.arrayBuffer();
    expect(links.status).toBe(404);
    expect(started.output()).not.toContain("viewer page:");
  }, 30_000);
});

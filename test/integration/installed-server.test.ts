import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requires } from "../../support/requires.js";

const BIN = fileURLToPath(new URL("../../bin/encore-server.js", import.meta.url));

/** this machine's environment without the settings that would point the server elsewhere */
function operatorEnv(): NodeJS.ProcessEnv {
  const { PORT: _port, HOST: _host, ENCORE_DB: _db, ENCORE_REDIS: _redis, ...rest } = process.env;
  return rest;
}

/**
 * `npx encore-server` from a folder of the operator's own: the real binary, its working directory
 * a fresh temp folder holding nothing but the data it writes there. It must serve its own pages,
 * widget and demo stream from where it is installed.
 */
describe("the server binary started from another folder", () => {
  let cwd: string;
  let child: ChildProcess;
  let url: string;
  let output = "";

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), "encore-elsewhere-"));
    child = spawn(process.execPath, [BIN, "--port", "0"], {
      cwd,
      env: { ...operatorEnv(), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 25_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
        // the demo's links and commands come after the listening line
        if (found && output.includes("busy room:")) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
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

  it("prints the crowd command with the port it really listens on", () => {
    const port = new URL(url).port;
    expect(port).not.toBe("8787");
    const line = output.split("\n").find((l) => l.includes("npm run demo:crowd")) ?? "";
    expect(line).toContain(`--url ${url}`);
  });

  it("keeps its data in the folder it was started from", () => {
    expect(existsSync(join(cwd, "data", "encore.db"))).toBe(true);
  });
});

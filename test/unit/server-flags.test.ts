import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../server/node-flags.js";

/**
 * The server's Node flags are spelled out wherever a command starts it (node-flags.ts): a place
 * that lost them would run the server with four V8 helpers again, and nothing else would say so.
 */
describe("the Node flags the server runs with", () => {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const shebang = readFileSync("bin/encore-server.js", "utf8").split("\n")[0] ?? "";

  const flags = SERVER_NODE_FLAGS.join(" ");

  it("are given by `npm start` and `npm run encore-server`", () => {
    expect(scripts.start).toContain(`tsx ${flags} demo/main.ts`);
    expect(scripts["encore-server"]).toBe(`node ${flags} bin/encore-server.js`);
  });

  it("are on the installed command's first line", () => {
    expect(shebang).toBe(`#!/usr/bin/env -S node ${flags}`);
  });
});

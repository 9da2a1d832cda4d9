import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Machine, type Prerequisite, verdict } from "../../support/requires.js";

const everything: Machine = {
  env: { ENCORE_PG_TESTS: "postgres://ci@127.0.0.1/postgres", ENCORE_TEST_REDIS: "redis://127.0.0.1:6379" },
  exists: () => true,
};
const bare: Machine = { env: {}, exists: () => false };
const withEnv = (machine: Machine, env: Machine["env"]): Machine => ({ ...machine, env: { ...machine.env, ...env } });

describe("which tests run, skip or fail for a missing prerequisite", () => {
  it.each<[string, Prerequisite[], Machine, ReturnType<typeof verdict>]>([
    ["everything there", ["chromium", "postgres", "redis", "widget"], everything, { run: true }],
    ["nothing needed on a bare machine", [], bare, { run: true }],
    [
      "no browser, a developer's machine",
      ["chromium"],
      bare,
      {
        run: false,
        fail: false,
        reason: "missing Chromium (no browser at /usr/bin/chromium: install chromium or set CHROMIUM_PATH)",
      },
    ],
    [
      "no browser where CHROMIUM_PATH points, in CI",
      ["chromium"],
      withEnv(bare, { CI: "true", CHROMIUM_PATH: "/opt/chrome" }),
      {
        run: false,
        fail: true,
        reason: "missing Chromium (no browser at /opt/chrome: install chromium or set CHROMIUM_PATH)",
      },
    ],
    [
      "Postgres and Redis unset, in CI",
      ["postgres", "redis"],
      withEnv(bare, { CI: "1" }),
      {
        run: false,
        fail: true,
        reason:
          "missing Postgres (set ENCORE_PG_TESTS to a postgres:// URL of a role that may create databases), " +
          "Redis (set ENCORE_TEST_REDIS to a redis:// URL)",
      },
    ],
    [
      "only Redis missing, CI=false",
      ["postgres", "redis"],
      withEnv(everything, { CI: "false", ENCORE_TEST_REDIS: "" }),
      { run: false, fail: false, reason: "missing Redis (set ENCORE_TEST_REDIS to a redis:// URL)" },
    ],
    [
      "the widget not built, in CI",
      ["widget"],
      withEnv(bare, { CI: "true" }),
      { run: false, fail: true, reason: "missing the built widget (no dist/widget/encore.js: run npm run build)" },
    ],
  ])("%s", (_, needs, machine, expected) => {
    expect(verdict(needs, machine)).toEqual(expected);
  });
});

/**
 * The real suites, run by vitest in a child process on a machine without Chromium and without
 * Redis: in CI the run fails and names both; on a developer's machine it passes, saying what it skipped.
 */
describe("suites gated on Chromium and Redis", () => {
  const files = ["test/e2e/markup-as-text.test.ts", "test/integration/multi-node.test.ts"];
  function vitest(ci: boolean): Promise<{ status: number | null; output: string }> {
    const { CI: _ci, ENCORE_TEST_REDIS: _redis, ...env } = process.env;
    const child = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--project", "sqlite", ...files], {
      env: { ...env, CHROMIUM_PATH: "/nonexistent/chromium", ...(ci ? { CI: "true" } : {}), NO_COLOR: "1" },
      timeout: 120_000,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    return new Promise((resolve) => child.on("close", (status) => resolve({ status, output })));
  }
  // Both runs start at once: each is a whole vitest start, twenty seconds of mostly one core.
  let inCi: ReturnType<typeof vitest>;
  let offCi: ReturnType<typeof vitest>;
  beforeAll(() => {
    inCi = vitest(true);
    offCi = vitest(false);
  });

  it("fail in CI, naming what is missing", async () => {
    const { status, output } = await inCi;
    expect(status).not.toBe(0);
    expect(output).toContain("CI=true and this test's prerequisite is missing Chromium");
    expect(output).toContain("Redis (set ENCORE_TEST_REDIS");
  }, 150_000);

  it("skip on a developer's machine, and say why", async () => {
    const { status, output } = await offCi;
    expect(status).toBe(0);
    expect(output).toContain("skipped: missing Chromium");
    expect(output).toContain("skipped: missing");
    expect(output).toContain("Redis (set ENCORE_TEST_REDIS");
  }, 150_000);
});

/** A skip whose condition is anything but requires() is silent in CI again; this keeps them all in one place. */
describe("conditional skips under test/", () => {
  it("all go through requires(), every browser test among them, and nothing is skipped unconditionally", () => {
    const self = join("test", "support", "requires.test.ts");
    const files = readdirSync("test", { recursive: true, encoding: "utf8" })
      .map((file) => join("test", file))
      .filter((file) => /\.(ts|tsx)$/.test(file) && file !== self);
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (text.includes("launchChromium(") && !text.includes('requires("chromium"'))
        offenders.push(`${file}: launches Chromium without requires("chromium")`);
      for (const [n, line] of text.split("\n").entries()) {
        const gated = [...line.matchAll(/\.(skipIf|runIf)\(/g)].every((match) => {
          const condition = line.slice((match.index ?? 0) + match[0].length);
          return condition.startsWith(match[1] === "skipIf" ? "!requires(" : "requires(");
        });
        const unconditional = /\b(describe|it|test)\.(skip|todo)\b|\b(ctx|context)\.skip\(/.test(line);
        if (!gated || unconditional) offenders.push(`${file}:${n + 1}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isCI } from "../../support/ci.js";

describe("isCI", () => {
  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "TRUE " }, true],
    [{ CI: "false" }, false],
    [{ CI: "0" }, false],
    [{ CI: "" }, false],
    [{}, false],
  ])("%j → %s", (env, expected) => {
    expect(isCI(env)).toBe(expected);
  });
});

/** The benchmark CI runs to prove the Postgres path must not pass without a Postgres to run on. */
describe("the claim storm on Postgres without ENCORE_BENCH_PG", () => {
  function storm(ci: boolean): { status: number | null; output: string } {
    const { CI: _ci, ENCORE_BENCH_PG: _pg, ...env } = process.env;
    const run = spawnSync(process.execPath, ["--import", "tsx", "bench/storm.ts", "--postgres"], {
      env: { ...env, ...(ci ? { CI: "true" } : {}) },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
  }

  it("fails in CI, naming the variable", () => {
    const { status, output } = storm(true);
    expect(status).toBe(1);
    expect(output).toContain("storm on Postgres cannot run with CI=true: set ENCORE_BENCH_PG");
  }, 90_000);

  it("is skipped on a developer's machine, saying so", () => {
    const { status, output } = storm(false);
    expect(status).toBe(0);
    expect(output).toContain("storm on Postgres skipped: set ENCORE_BENCH_PG");
  }, 90_000);
});

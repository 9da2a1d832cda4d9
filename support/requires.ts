import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "vitest";
import { DEFAULT_CHROMIUM_PATH } from "./chromium.js";
import { isCI } from "./ci.js";

/**
 * What some tests need from the machine beyond node_modules. A developer without Redis may skip
 * the multi-node tests, but in CI a skip is a hole nobody sees: there a missing prerequisite
 * is a failing test that names it.
 */
export type Prerequisite = "chromium" | "postgres" | "redis" | "widget";

const BUILT_WIDGET = fileURLToPath(new URL("../dist/widget/encore.js", import.meta.url));

/** What the checks read; the tests of this module hand in their own. */
export interface Machine {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
}

const thisMachine: Machine = { env: process.env, exists: existsSync };

/** Why each prerequisite is missing, in words that say how to provide it; undefined when it is there. */
const CHECKS: Record<Prerequisite, (machine: Machine) => string | undefined> = {
  chromium: ({ env, exists }) => {
    const path = env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
    return exists(path) ? undefined : `Chromium (no browser at ${path}: install chromium or set CHROMIUM_PATH)`;
  },
  postgres: ({ env }) =>
    env.ENCORE_PG_TESTS
      ? undefined
      : "Postgres (set ENCORE_PG_TESTS to a postgres:// URL of a role that may create databases)",
  redis: ({ env }) => (env.ENCORE_TEST_REDIS ? undefined : "Redis (set ENCORE_TEST_REDIS to a redis:// URL)"),
  widget: ({ exists }) =>
    exists(BUILT_WIDGET) ? undefined : "the built widget (no dist/widget/encore.js: run npm run build)",
};

export type Verdict = { run: true } | { run: false; fail: boolean; reason: string };

/** Whether tests needing `needs` run here, and if not, whether that is a failure (CI) or a skip. */
export function verdict(needs: readonly Prerequisite[], machine: Machine): Verdict {
  const missing = needs.map((need) => CHECKS[need](machine)).filter((why): why is string => why !== undefined);
  if (missing.length === 0) return { run: true };
  return { run: false, fail: isCI(machine.env), reason: `missing ${missing.join(", ")}` };
}

const warned = new Set<string>();

/**
 * Gates a suite or test: `describe.skipIf(!requires("chromium"))(...)`. True when everything is
 * there. Otherwise false, and in CI it also registers, where it is called, a failing test that
 * names what is missing; on a developer's machine it warns once, so the skip has a visible reason.
 */
export function requires(...needs: Prerequisite[]): boolean {
  const result = verdict(needs, thisMachine);
  if (result.run) return true;
  if (result.fail) {
    test(`requires ${needs.join(" and ")}`, () => {
      throw new Error(`CI=true and this test's prerequisite is ${result.reason}`);
    });
  } else if (!warned.has(result.reason)) {
    warned.add(result.reason);
    console.warn(`[encore tests] skipped: ${result.reason}`);
  }
  return false;
}

import { defineConfig } from "vitest/config";

/**
 * Every test runs on SQLite. When ENCORE_PG_TESTS names a Postgres server (CI starts one), the
 * integration suite runs a second time against it, each test server on a fresh database.
 *
 * The integration and browser suites share one module graph per worker (`isolate: false`): each
 * of their files starts its own servers on its own store and mocks nothing, and evaluating the
 * server's modules afresh for every file cost about two seconds a file, minutes a run. The unit
 * suites mock modules and stub globals, so they keep a fresh graph per file.
 */
const postgres = process.env.ENCORE_PG_TESTS;
const UNITS = ["unit", "widget", "console", "client", "sdk", "support"].map((dir) => `test/${dir}/**/*.test.{ts,tsx}`);

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "units", include: UNITS, env: { ENCORE_TEST_PG: "" } } },
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          isolate: false,
          env: { ENCORE_TEST_PG: "" },
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["test/integration/**/*.test.ts"],
                // SQLite's own query plans: Postgres has its own planner, measured by the benchmarks
                exclude: ["test/integration/lifecycle-plans.test.ts"],
                isolate: false,
                env: { ENCORE_TEST_PG: postgres },
              },
            },
          ]
        : []),
    ],
  },
});

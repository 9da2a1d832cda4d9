import { defineConfig } from "vitest/config";

/**
 * Every test runs on SQLite. When ENCORE_PG_TESTS names a Postgres server (CI starts one), the
 * integration suite runs a second time against it, each test server on a fresh database.
 */
const postgres = process.env.ENCORE_PG_TESTS;

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "sqlite", include: ["test/**/*.test.{ts,tsx}"], env: { ENCORE_TEST_PG: "" } },
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
                env: { ENCORE_TEST_PG: postgres },
              },
            },
          ]
        : []),
    ],
  },
});

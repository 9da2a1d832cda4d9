import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, notForBackends, serverDocument } from "../../sdk/node/scripts/generate.js";

const read = (path: string) => readFileSync(new URL(`../../sdk/node/${path}`, import.meta.url), "utf8");

describe("the SDK's routes", () => {
  it("are generated from the server's OpenAPI document as it is now (npm run build writes them)", async () => {
    const document = await serverDocument();
    expect(read("src/routes.ts")).toBe(generate(document));
    const paths = document.paths as Record<string, Record<string, { operationId: string }>>;
    // every operation a backend can call; signing in to the back office is a browser's, Shopify's webhooks Shopify's
    const ids = Object.values(paths).flatMap((item) =>
      Object.values(item)
        .filter((op) => !notForBackends(op))
        .map((op) => op.operationId),
    );
    const { OPERATIONS } = await import("../../sdk/node/src/routes.js");
    expect(Object.keys(OPERATIONS).sort()).toEqual(ids.sort());
  });

  it("are a package of their own: name, ES module exports and types from dist/", () => {
    const pkg = JSON.parse(read("package.json"));
    expect(pkg).toMatchObject({
      name: "@encore-live/sdk",
      type: "module",
      types: "./dist/index.d.ts",
      exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
    });
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});

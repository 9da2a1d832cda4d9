import { readFileSync } from "node:fs";
import { minVersion, satisfies } from "semver";
import { describe, expect, it } from "vitest";

/**
 * `engines` in package.json is a promise to whoever installs Encore: every package the lockfile
 * installs must run on the oldest Node it names, or `npm ci` warns and the server may not start.
 */
describe("the Node version Encore promises", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };
  const oldest = minVersion(pkg.engines.node)?.version ?? "";

  it("is a range with a lowest version", () => {
    expect(oldest).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("is supported by every installed package", () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== "")
      .map(([path, entry]) => ({ path, node: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
      .filter(({ node }) => node !== undefined && !satisfies(oldest, node as string))
      .map(({ path, node }) => `${path.replace(/^node_modules\//, "")} wants node ${node}`);
    expect(refusing).toEqual([]);
  });
});

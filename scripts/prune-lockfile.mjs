#!/usr/bin/env node
// The registry this project installs from serves Linux builds of platform-specific packages
// only, so `npm install` records optional dependencies (darwin, win32, android builds of
// biome, tailwind's oxide, rolldown…) that have no entry in package-lock.json, and `npm ci`
// then refuses the lockfile as out of sync. Dropping those names from each package's
// optionalDependencies makes the lockfile describe exactly what can be installed here.
// Idempotent; .ci/run calls it before `npm ci`, and it is worth running after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages ?? {};
let pruned = 0;
for (const [path, entry] of Object.entries(packages)) {
  const optional = entry.optionalDependencies;
  if (!optional) continue;
  for (const name of Object.keys(optional)) {
    // npm resolves a dependency next to its dependent first, then from the top level.
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    if (nested in packages || `node_modules/${name}` in packages) continue;
    delete optional[name];
    pruned++;
  }
}
if (pruned > 0) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`prune-lockfile: ${pruned} optional dependencies without a lockfile entry removed`);

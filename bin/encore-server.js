#!/usr/bin/env -S node --v8-pool-size=0
// Runs the TypeScript server directly; tsx compiles on load so there is no separate server build.
import { register } from "tsx/esm/api";

register();
await import("../server/main.ts");

// A worker thread runs plain Node, which cannot load TypeScript, whether the seeder itself runs
// under tsx or vitest: tsx's API loads the worker's module (support/bulk/generate-worker.ts).
import { tsImport } from "tsx/esm/api";

await tsImport("./generate-worker.ts", import.meta.url);

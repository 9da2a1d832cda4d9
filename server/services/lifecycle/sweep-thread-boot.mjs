// The sweep thread's first lines: TypeScript compiled on load, as bin/encore-server.js does for the
// server; hooks registered in the server's thread do not reach a worker's.
import { register } from "tsx/esm/api";

register();
await import("./sweep-thread.ts");

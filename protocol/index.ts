export * from "./config.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./http.js";
export * from "./payloads.js";
export * from "./tokens.js";
export * from "./wire.js";

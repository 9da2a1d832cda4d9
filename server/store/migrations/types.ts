import type { Dialect } from "../database.js";

/** An auto-numbered key column: each dialect spells it its own way. */
export const serialType = (dialect: Dialect) => (dialect === "postgres" ? "bigserial" : "integer");

import type { z } from "zod";
import type { HealthResponse } from "../../protocol/index.js";
import type { Context } from "./context.js";

/** Liveness: answers only once the store has answered a query. */
export async function health(ctx: Context): Promise<z.infer<typeof HealthResponse>> {
  await ctx.store.db.selectFrom("shops").select("id").limit(1).execute();
  return { ok: true, store: ctx.store.dialect, time: ctx.clock.now() };
}

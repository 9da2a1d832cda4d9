import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0026_fan_only_draw_proof";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A fan-only room (粉丝专场): the tier key a viewer needs to earn or claim there; null = open.
      await db.schema.alterTable("rooms").addColumn("min_tier", "text").execute();
      // A lucky bag's seed is drawn when the offer starts and kept secret until the draw, so its
      // SHA-256 can be published up front: the seed cannot be picked after the entries are seen.
      await db.schema.alterTable("offers").addColumn("draw_seed", "text").execute();
      await db.schema.alterTable("offers").addColumn("draw_commitment", "text").execute();
      // Never published: keys the per-offer pseudonyms, so the revealed seed cannot be used to
      // test guessed viewer ids against the entries.
      await db.schema.alterTable("offers").addColumn("entrant_key", "text").execute();
    },
  };
}

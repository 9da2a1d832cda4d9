import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { ServerEvent, type Snapshot } from "../../protocol/index.js";
import { createApp } from "../../server/app.js";
import { signToken } from "../../server/auth/tokens.js";
import { type Dialect, openStore } from "../../server/store/database.js";
import { migrateUpTo } from "../../server/store/migrations/index.js";
import { ManualClock } from "../../support/clock.js";
import { freshDatabase } from "../../support/postgres.js";
import { testPostgresUrl } from "../../support/store.js";

/** A database as the server left it before keys were split: migrated up to 0013, one secret per shop. */
async function legacyDatabase(): Promise<{
  url: string;
  db: Kysely<unknown>;
  dialect: Dialect;
  drop(): Promise<void>;
}> {
  const postgres = testPostgresUrl();
  if (postgres) {
    const database = await freshDatabase(postgres, "encore_migration");
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
    });
    return { url: database.url, db, dialect: "postgres", drop: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), "encore-migration-"));
  const url = join(dir, "encore.db");
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
  return { url, db, dialect: "sqlite", drop: async () => rmSync(dir, { recursive: true }) };
}

const LEGACY_SECRET = "sk_legacyShopSecret0123456789abcdef";

describe("migration 0017_keys", () => {
  it("keeps a shop's old secret working for API calls and token signing, and keeps no plain copy of it in shops", async () => {
    const legacy = await legacyDatabase();
    try {
      await migrateUpTo(legacy.db, legacy.dialect, "0013_platform_rooms");
      await sql`insert into shops (id, name, secret, config, created_at)
                values ('s1', 'Old Shop', ${LEGACY_SECRET}, '{}', 1)`.execute(legacy.db);
      await sql`insert into rooms (id, shop_id, title, live, created_at) values ('r1', 's1', 'Live', 0, 1)`.execute(
        legacy.db,
      );
      await legacy.db.destroy();

      // the server starts on it as after an upgrade: it migrates to the newest on open
      const store = await openStore(legacy.url);
      const clock = new ManualClock();
      const app = await createApp({ store, clock, webhookPollMs: 0, sweepEveryMs: 0 });
      const url = await app.listen(0);
      try {
        const api = await fetch(`${url}/v1/config`, { headers: { authorization: `Bearer ${LEGACY_SECRET}` } });
        expect(api.status).toBe(200);
        const token = await signToken(
          LEGACY_SECRET,
          { sub: "amy", shop: "s1", role: "viewer" },
          clock.now() + 3600_000,
        );
        const socket = io(url, { auth: { room: "r1", token }, transports: ["websocket"], forceNew: true });
        try {
          const snapshot = await new Promise<Snapshot>((resolve, reject) => {
            socket.once(ServerEvent.snapshot, resolve);
            socket.once("connect_error", reject);
          });
          expect(snapshot.viewer?.id).toBe("amy");
        } finally {
          socket.disconnect();
        }

        const shops = await sql<{ secret: string }>`select secret from shops`.execute(store.db);
        expect(shops.rows).toEqual([{ secret: "retired:s1" }]);
        const keys = await sql<{ name: string; hash: string }>`select name, hash from api_keys`.execute(store.db);
        expect(keys.rows).toHaveLength(1);
        expect(keys.rows[0]?.name).toBe("shop secret");
        expect(keys.rows[0]?.hash).not.toContain(LEGACY_SECRET);
        // the old secret is one API key among several now: listed by its first characters only
        const listed = (await (
          await fetch(`${url}/v1/api-keys`, { headers: { authorization: `Bearer ${LEGACY_SECRET}` } })
        ).json()) as { keys: { prefix: string }[] };
        expect(listed.keys.map((k) => k.prefix)).toEqual([LEGACY_SECRET.slice(0, 11)]);
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      await legacy.drop();
    }
  });
});

import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Dialect } from "../database.js";
import * as points from "./0001-points.js";
import * as coupons from "./0002-coupons.js";
import * as offers from "./0003-offers.js";
import * as commerce from "./0004-commerce.js";
import * as insight from "./0005-insight.js";
import * as outboxRetention from "./0006-outbox-retention.js";
import * as products from "./0007-products.js";
import * as hostViewers from "./0009-host-viewers.js";
import * as lifecycle from "./0010-lifecycle.js";
import * as backOffice from "./0011-back-office.js";
import * as platformRooms from "./0013-platform-rooms.js";
import * as muteAuthors from "./0016-mute-authors.js";
import * as keys from "./0017-keys.js";
import * as reminderChoice from "./0018-reminder-choice.js";
import * as webhookEndpoints from "./0019-webhook-endpoints.js";
import * as importStaging from "./0020-import-staging.js";
import * as erasure from "./0021-erasure.js";
import * as shopify from "./0022-shopify.js";
import * as segmentMemberships from "./0024-segment-memberships.js";
import * as referrals from "./0025-referrals.js";
import * as fanOnlyDrawProof from "./0026-fan-only-draw-proof.js";
import * as importSortedRuns from "./0027-import-sorted-runs.js";
import * as memberPrice from "./0028-member-price.js";
import * as campaigns from "./0029-campaigns.js";
import * as rollups from "./0030-rollups.js";
import * as sweepDates from "./0031-sweep-dates.js";
import * as stageSpots from "./0032-stage-spots.js";
import * as countedRollups from "./0033-counted-rollups.js";
import * as lastActiveDays from "./0034-last-active-days.js";
import * as ledgerTimeDelta from "./0035-ledger-time-delta.js";
import * as contactPrefsChanged from "./0036-contact-prefs-changed.js";
import * as touchIndexWrites from "./0037-touch-index-writes.js";
import * as orderReadsCovered from "./0038-order-reads-covered.js";

/**
 * Migrations live in code so the server binary carries them and runs them on start.
 * Each uses only types both dialects read the same way.
 *
 * The migrator records each migration by its `name` in the database, so a name, once shipped,
 * never changes: databases migrated before these files were split know them by these names.
 */
const MIGRATIONS: readonly { name: string; migration(dialect: Dialect): Migration }[] = [
  points,
  coupons,
  offers,
  commerce,
  insight,
  outboxRetention,
  products,
  hostViewers,
  lifecycle,
  backOffice,
  platformRooms,
  muteAuthors,
  keys,
  reminderChoice,
  webhookEndpoints,
  importStaging,
  erasure,
  shopify,
  segmentMemberships,
  referrals,
  fanOnlyDrawProof,
  importSortedRuns,
  memberPrice,
  campaigns,
  rollups,
  sweepDates,
  stageSpots,
  countedRollups,
  lastActiveDays,
  ledgerTimeDelta,
  contactPrefsChanged,
  touchIndexWrites,
  orderReadsCovered,
];

/** The names of every migration, oldest first, as the migrator records them. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((m) => m.name);

class CodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, m.migration(this.dialect)]));
  }
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await migrateUpTo(db, dialect);
}

/** Brings the schema up to the named migration (the newest when none is named): tests of a migration's data use it. */
export async function migrateUpTo(db: Kysely<unknown>, dialect: Dialect, name?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new CodeMigrations(dialect) });
  const { error, results } = name === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(name);
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}

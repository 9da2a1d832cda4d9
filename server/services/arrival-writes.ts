import type { Store } from "../store/database.js";
import { ensureViewer, ensureViewers, VIEWER_WRITES_PER_STATEMENT, type ViewerArrivalWrite } from "../store/viewers.js";

/**
 * How long the first new viewer of a group waits for others. Joins spread over a few seconds
 * rarely meet in one turn of the event loop; within a millisecond, a room arriving at once brings
 * a few (each statement costs about 0.1 ms of CPU on SQLite alone, about 0.02 ms a row in a group).
 */
const GROUP_WAIT_MS = 1;

interface Waiting {
  write: ViewerArrivalWrite;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of the viewers joins record (services/identity.ts). When a room arrives at once,
 * every viewer is new and each join's insert committing on its own was the largest single
 * database cost of a join. The writes asked for within a millisecond of the first, and those
 * asked for while the previous group was being written, go out together: one multi-row statement
 * per 100 viewers (store/viewers.ts ensureViewers), each statement atomic on its own. Each join
 * waits for its own viewer's statement, so it reads its row afterwards exactly as before.
 *
 * A statement that fails is retried one viewer at a time, so a failure fails only the join it
 * concerns. The same viewer twice in a group (two tabs opening at once) goes in a later statement:
 * Postgres refuses to update one row twice in a statement.
 */
export class ArrivalWrites {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private writing = false;

  constructor(private readonly store: Pick<Store, "db" | "dialect">) {}

  /** Records the viewer (ensureViewer's rule); resolves once their row is committed. */
  record(write: ViewerArrivalWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    // while a group is being written, the next one gathers; it starts when that one ends
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      void this.writeWaiting();
    }, GROUP_WAIT_MS);
  }

  private async writeWaiting(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    this.writing = true;
    try {
      for (const statement of statementsOf(group)) await this.writeStatement(statement);
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }

  private async writeStatement(statement: Waiting[]): Promise<void> {
    const { db, dialect } = this.store;
    try {
      await ensureViewers(
        db,
        dialect,
        statement.map((w) => w.write),
      );
    } catch (error) {
      if (statement.length === 1) return statement[0]?.reject(error);
      // one bad row must not fail the others: each alone, each answered for itself
      for (const { write, resolve, reject } of statement) {
        await ensureViewer(db, write.shopId, write.viewerId, write.profile, write.now).then(resolve, reject);
      }
      return;
    }
    for (const waiting of statement) waiting.resolve();
  }
}

/**
 * The group cut into statements, in order, of at most VIEWER_WRITES_PER_STATEMENT distinct
 * viewers each: a viewer already in the statement being filled starts the next one.
 */
export function statementsOf<T extends { write: ViewerArrivalWrite }>(group: readonly T[]): T[][] {
  const statements: T[][] = [];
  let rows: T[] = [];
  let keys = new Set<string>();
  for (const item of group) {
    const key = `${item.write.shopId}\u0000${item.write.viewerId}`;
    if (keys.has(key) || rows.length >= VIEWER_WRITES_PER_STATEMENT) {
      statements.push(rows);
      rows = [];
      keys = new Set();
    }
    rows.push(item);
    keys.add(key);
  }
  if (rows.length > 0) statements.push(rows);
  return statements;
}

const byStore = new WeakMap<object, ArrivalWrites>();

/** The one group writer of a store: every join on this node shares it. */
export function arrivalWritesOf(store: Pick<Store, "db" | "dialect">): ArrivalWrites {
  let writes = byStore.get(store);
  if (!writes) {
    writes = new ArrivalWrites(store);
    byStore.set(store, writes);
  }
  return writes;
}

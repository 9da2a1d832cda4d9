import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  OperationNode,
  QueryResult,
  TransactionSettings,
} from "kysely";

/**
 * Tells when a write to some tables has become visible to every later read: after the statement
 * outside a transaction, after the commit inside one. What a join reads alike for a whole room
 * (the room, its shop, the shop's campaigns and products) is kept in memory (services/join-state.ts)
 * and must never outlive a change; listening here, below every repository, no write path can
 * forget to say so. Statements are recognised by the query Kysely built (insert, update, delete
 * and the table named); raw SQL is not looked into, so a raw statement that writes (several
 * builder writes sent as one, rows inserted in bulk) says which tables it writes (`writingTo`).
 */
export class ChangeWatch {
  private readonly listeners = new Set<(tables: ReadonlySet<string>) => void>();

  constructor(readonly tables: ReadonlySet<string>) {}

  /** `listener` runs after each visible change, told which watched tables it wrote; returns how to stop listening. */
  listen(listener: (tables: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(tables: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(tables);
  }

  /** The watched tables a statement writes (none: empty). */
  written(query: CompiledQuery): readonly string[] {
    const said = (query as CompiledQuery & { [WRITES]?: readonly string[] })[WRITES];
    if (said) return said.filter((table) => this.tables.has(table));
    const table = writtenTable(query.query);
    return table !== null && this.tables.has(table) ? [table] : NONE;
  }
}

const NONE: readonly string[] = [];

const WRITES = Symbol("tables the raw statement writes");

/** A raw statement, marked with the tables it writes, for every watch below it to hear of. */
export function writingTo(query: CompiledQuery, tables: readonly string[]): CompiledQuery {
  return { ...query, [WRITES]: tables } as CompiledQuery;
}

/** The table a statement Kysely built writes, if it writes one (for raw statements made of them). */
export function tableWrittenBy(query: CompiledQuery): string | null {
  return writtenTable(query.query);
}

function tableName(node: OperationNode | undefined): string | null {
  if (!node) return null;
  if (node.kind === "TableNode")
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === "AliasNode") return tableName((node as unknown as { node: OperationNode }).node);
  return null;
}

function writtenTable(node: OperationNode): string | null {
  const query = node as unknown as {
    into?: OperationNode;
    table?: OperationNode;
    from?: { froms: readonly OperationNode[] };
  };
  if (node.kind === "InsertQueryNode") return tableName(query.into);
  if (node.kind === "UpdateQueryNode") return tableName(query.table);
  if (node.kind === "DeleteQueryNode") return tableName(query.from?.froms[0]);
  return null;
}

/** The dialect with its driver wrapped so that `watch` hears of every change to its tables. */
export function watchedDialect(dialect: Dialect, watch: ChangeWatch): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new WatchedDriver(dialect.createDriver(), watch),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

class WatchedDriver implements Driver {
  /** connections inside a transaction, and the watched tables it wrote */
  private readonly inTransaction = new WeakMap<DatabaseConnection, { wrote: Set<string> }>();

  constructor(
    private readonly driver: Driver,
    private readonly watch: ChangeWatch,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.driver.acquireConnection();
    return new WatchedConnection(connection, this.watch, this.inTransaction);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.inTransaction.set(connection, { wrote: new Set() });
    return this.driver.beginTransaction(this.inner(connection), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const state = this.inTransaction.get(connection);
    this.inTransaction.delete(connection);
    await this.driver.commitTransaction(this.inner(connection));
    if (state && state.wrote.size > 0) this.watch.changed(state.wrote);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.inTransaction.delete(connection);
    await this.driver.rollbackTransaction(this.inner(connection));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(this.inner(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }

  private inner(connection: DatabaseConnection): DatabaseConnection {
    return connection instanceof WatchedConnection ? connection.connection : connection;
  }
}

class WatchedConnection implements DatabaseConnection {
  constructor(
    readonly connection: DatabaseConnection,
    private readonly watch: ChangeWatch,
    private readonly inTransaction: WeakMap<DatabaseConnection, { wrote: Set<string> }>,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.connection.executeQuery<R>(query);
    const written = this.watch.written(query);
    if (written.length > 0) {
      const transaction = this.inTransaction.get(this);
      if (transaction) for (const table of written) transaction.wrote.add(table);
      else this.watch.changed(new Set(written));
    }
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.connection.streamQuery<R>(query, chunkSize);
  }
}

import { describe, expect, it } from "vitest";
import { parseCommand } from "../../server/cli.js";

const serve = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseCommand(args, env);
  if (command.kind !== "serve") throw new Error(`expected serve, got ${command.kind}`);
  return command.options;
};

describe("encore-server --sweep-in", () => {
  it("leaves the choice to the store when unset, and takes the flag over the environment", () => {
    expect(serve([]).sweepIn).toBeUndefined();
    expect(serve(["--sweep-in", "thread"]).sweepIn).toBe("thread");
    expect(serve([], { ENCORE_SWEEP_IN: "loop" }).sweepIn).toBe("loop");
    expect(serve(["--sweep-in", "thread"], { ENCORE_SWEEP_IN: "loop" }).sweepIn).toBe("thread");
  });

  it("refuses anything but thread or loop, and a thread for an in-memory database", () => {
    expect(() => serve(["--sweep-in", "worker"])).toThrow("bad --sweep-in: worker (thread or loop)");
    expect(() => serve(["--sweep-in", "thread", "--db", ":memory:"])).toThrow(
      "--sweep-in thread needs a database file or Postgres",
    );
    expect(serve(["--sweep-in", "loop", "--db", ":memory:"]).sweepIn).toBe("loop");
  });
});

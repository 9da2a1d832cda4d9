import { type ChildProcess, spawn } from "node:child_process";
import { SERVER_NODE_FLAGS } from "../server/node-flags.js";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs */
  kill(): Promise<void>;
}

/** Starts `encore-server` as its own process, the way an operator would, and waits for its URL. */
export function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, "bin/encore-server.js", "--port", "0", "--no-demo", ...args],
    {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stop: () => stopWith("SIGTERM"), kill: () => stopWith("SIGKILL") });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

import type { Notifier } from "../context.js";
import { NOTIFIER_CALLS, type NotifierCall, type NotifyCall } from "./sweep-messages.js";

/**
 * A notifier for the sweep thread that records each call and hands them on in batches: every
 * call of one turn of the thread's loop together (`defer` runs the hand-off after the turn). A
 * chunk's sends make two calls each, nearly all for viewers with no socket on the server; posted
 * one by one they were a few hundred messages a chunk, each cloned and dispatched by the server's
 * thread on its own, in bursts its beats waited behind.
 *
 * `flush` hands on what is recorded now. The thread calls it before posting anything else, so the
 * server hears the calls in the order they were made and before the sweep's result that follows
 * them.
 */
export function batchedNotifier(
  handOn: (calls: NotifyCall[]) => void,
  defer: (run: () => void) => void = setImmediate,
): { notifier: Notifier; flush(): void } {
  let calls: NotifyCall[] = [];
  const flush = () => {
    if (calls.length === 0) return;
    const batch = calls;
    calls = [];
    handOn(batch);
  };
  const record =
    (method: NotifierCall) =>
    (...args: unknown[]) => {
      if (calls.length === 0) defer(flush);
      calls.push({ method, args });
    };
  const notifier = Object.fromEntries(NOTIFIER_CALLS.map((method) => [method, record(method)])) as unknown as Notifier;
  return { notifier, flush };
}

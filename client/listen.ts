import type { ServerData, ServerEventName, Transport } from "./transport.js";

export type Handlers = { [E in ServerEventName]?: (data: ServerData<E>) => void };

/**
 * Subscribes a model to several server events at once; the returned function unsubscribes all of
 * them, so a model's `effect(() => listen(transport, { … }))` cleans up with the model.
 */
export function listen(transport: Pick<Transport, "on">, handlers: Handlers): () => void {
  const offs = (Object.keys(handlers) as ServerEventName[]).map((event) =>
    transport.on(event, handlers[event] as (data: unknown) => void),
  );
  return () => {
    for (const off of offs) off();
  };
}

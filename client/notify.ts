import { log } from "./log.js";

/**
 * Calls every listener with `data`. A listener that throws (a page's handler, a model's) is
 * logged and skipped: it never stops the others, nor whatever delivered the data (the socket's
 * frame reader, the page API). Listeners added or removed meanwhile wait for the next call.
 */
export function notify<T>(listeners: Iterable<(data: T) => void> | undefined, data: T, what: string): void {
  for (const listener of [...(listeners ?? [])]) {
    try {
      listener(data);
    } catch (error) {
      log.error(`${what} threw`, error);
    }
  }
}

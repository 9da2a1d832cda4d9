import { log } from "../../client/log.js";

/** Storage can throw (private mode, sandboxed iframes, quota): the widget must not. */
export const storage = {
  get(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(`encore:${key}`) ?? null;
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      globalThis.localStorage?.setItem(`encore:${key}`, value);
    } catch (error) {
      log.warn("storage unavailable", error);
    }
  },
};

import type { Transport } from "../../client/transport.js";

/**
 * The link of a console opened as the back office without a host token: there is no room to
 * join, so nothing connects, and a call answers `offline` at once instead of waiting for a link.
 */
export function roomlessTransport(): Transport {
  return {
    on: () => () => {},
    call: async () => ({ ok: false, error: { code: "offline", message: "the back office has no live room open" } }),
    link: { state: "connecting" },
    onLink: () => () => {},
    reconnect: () => {},
    close: () => {},
  };
}

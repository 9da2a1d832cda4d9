import { panelsEager } from "../widget/lazy/load-eager.js";
import { mountOverlay } from "../widget/mount.js";
import { followRooms } from "./follow-rooms.js";
import { lookupRoom } from "./lookup.js";
import { onTokenChange, readToken } from "./token.js";

/**
 * The content script, on the supported platforms' pages only (the manifest's matches). The
 * overlay is the widget's own; its panels ship inside this file, since MV3 loads no remote code
 * and a content script cannot import modules of its own.
 */
const { server, fixtures } = __ENCORE_EXTENSION__;

followRooms({
  win: window,
  fixtures,
  token: { read: readToken, onChange: onTokenChange },
  lookup: (room) => lookupRoom(server, room),
  mount: ({ room, token, video }) => mountOverlay({ room, token, video, server, loadPanel: panelsEager }),
});

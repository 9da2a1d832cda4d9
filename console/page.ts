import { mountHost } from "./index.js";

/** The script-tag build of the console (dist/widget/host.js, still served at /widget/host.js): pages call `EncoreHost.mountHost`. */
(window as unknown as { EncoreHost: { mountHost: typeof mountHost } }).EncoreHost = { mountHost };

import { io } from "socket.io-client";
import { ServerEvent } from "../protocol/events.js";
import type { Snapshot, WalletUpdate } from "../protocol/wire.js";
import css from "./ui/styles.css?inline";

/**
 * The script-tag loader: reads its own data-* once and shows the viewer's points.
 * The full overlay replaces this; the contract (data-room, data-token) stays.
 */
const script = document.currentScript as HTMLScriptElement | null;
const room = script?.dataset.room ?? "";
const token = script?.dataset.token || undefined;
const origin = script ? new URL(script.src, location.href).origin : location.origin;

const host = document.createElement("div");
const shadow = host.attachShadow({ mode: "open" });
const label = document.createElement("div");
label.setAttribute("role", "status");
label.textContent = "Encore…";
const style = document.createElement("style");
style.textContent = css;
shadow.append(style, label);
document.body.append(host);

const socket = io(origin, { auth: { room, ...(token ? { token } : {}) }, transports: ["websocket"] });
socket.on(ServerEvent.snapshot, (snapshot: Snapshot) => {
  label.textContent = snapshot.wallet
    ? `${snapshot.wallet.points} pts · ${snapshot.wallet.tier.name.en}`
    : "Log in to earn";
});
socket.on(ServerEvent.wallet, (update: WalletUpdate) => {
  label.textContent = `${update.wallet.points} pts · ${update.wallet.tier.name.en}`;
});

import { type Browser, chromium } from "playwright-core";

/** Flags that work on this machine and in CI (DESIGN §6 trap 6); the browser is Debian's chromium. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's chromium; CHROMIUM_PATH points elsewhere. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;

/** `extraArgs`: flags one test needs beyond these (a fake camera for a guest on stage). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Chromium's own stand-ins for a camera and a microphone, allowed without asking. */
export const FAKE_MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BrowserContext, chromium, type Worker } from "playwright-core";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from "./chromium.js";

const VITE = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));

/**
 * Builds the extension's test build into a temporary directory: talking to `server` (a test
 * server on a port of its own), with the fixture pages on 127.0.0.1 standing for the platforms.
 */
export async function buildTestExtension(server: string): Promise<{ dir: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "encore-extension-"));
  await promisify(execFile)(process.execPath, [VITE, "build", "--mode", "extension", "--logLevel", "warn"], {
    env: {
      ...process.env,
      ENCORE_EXTENSION_SERVER: server,
      ENCORE_EXTENSION_FIXTURES: "1",
      ENCORE_EXTENSION_OUT: dir,
    },
  });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  /** the extension's background service worker: it can reach chrome.storage */
  worker: Worker;
  /** chrome-extension://<id> */
  origin: string;
  close(): Promise<void>;
}

/**
 * Chromium with the unpacked extension loaded, in a fresh profile: new headless (the old one
 * runs no extensions) through launchPersistentContext, since extensions need a profile.
 */
export async function launchWithExtension(
  dir: string,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "encore-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
    headless: false,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      ...CHROMIUM_ARGS.filter((flag) => flag !== "--headless"),
      "--headless=new",
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  return {
    context,
    worker,
    // URL.origin is "null" for a scheme Node does not know
    origin: `chrome-extension://${new URL(worker.url()).host}`,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Puts the viewer's token in the extension's storage (null removes it), as the sign-in will. */
export async function setExtensionToken(browser: ExtensionBrowser, token: string | null): Promise<void> {
  await browser.worker.evaluate(
    (value) => (value ? chrome.storage.local.set({ encoreToken: value }) : chrome.storage.local.remove("encoreToken")),
    token,
  );
}

/** Puts a whole sign-in in the extension's storage, as the service worker keeps one the shop handed over. */
export async function setExtensionSignIn(
  browser: ExtensionBrowser,
  signIn: { token: string; room: string; renew: string },
): Promise<void> {
  await browser.worker.evaluate(
    ({ token, room, renew }) => chrome.storage.local.set({ encoreToken: token, encoreSession: { room, renew } }),
    signIn,
  );
}

/** What the extension keeps: the token and its session, as the service worker reads them. */
export async function extensionStorage(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.worker.evaluate(() => chrome.storage.local.get(["encoreToken", "encoreSession"]));
}

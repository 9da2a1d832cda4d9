import { fileURLToPath } from "node:url";

/**
 * The files the server ships with, found from where it is installed rather than from the working
 * directory: `npx encore-server` runs from any folder. Data (the SQLite file) is the operator's and
 * stays relative to where they start it.
 */
const installed = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** the built widget, host console and Agora files (`npm run build`) */
export const WIDGET_DIR = installed("../dist/widget");
/** the demo pages, the demo stream and the icon */
export const DEMO_DIR = installed("../demo");

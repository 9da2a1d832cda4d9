import { Fragment, jsx, jsxs } from "preact/jsx-runtime";
import { effect, signal } from "../core/signals.js";
import { reactive, useWidget } from "../ui/reactive.js";
import type { SHARED } from "./shared.js";

type Kit = { [S in keyof typeof SHARED]: { [N in (typeof SHARED)[S][number]]: unknown } };

/** The bundle's instances of what its panel files borrow (see shared.ts), handed to each on load. */
export const kit: Kit = {
  preact: {},
  "@preact/signals": {},
  "@preact/signals-core": {},
  "preact/jsx-runtime": { Fragment, jsx, jsxs },
  "preact/hooks": {},
  "widget/ui/reactive": { reactive, useWidget },
  "widget/core/signals": { signal, effect },
};

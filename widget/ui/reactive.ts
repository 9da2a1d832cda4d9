import { Component, type ComponentChildren } from "preact";
import { effect } from "../core/signals.js";
import { WIDGET_KEY, type WidgetContext } from "./context.js";

/** the overlay's context while a reactive component renders (renders are synchronous and never overlap) */
let rendering: WidgetContext | null = null;

/**
 * A component that renders again when a signal it read while rendering changes. The overlay's
 * components are written as plain functions reading `model.x.value` and wrapped in this: it is
 * what `@preact/signals` does for every component by patching Preact's internals, done
 * explicitly in a few hundred bytes, which the script tag's first load cannot spare twice over.
 * Each render tracks afresh, so a branch not taken stops being watched; unmounting stops it all.
 */
export function reactive<P extends object = object>(render: (props: P) => ComponentChildren) {
  return class Reactive extends Component<P> {
    static override displayName = render.name;
    private stop?: () => void;
    override render(props: P): ComponentChildren {
      this.stop?.();
      let out: ComponentChildren = null;
      let first = true;
      this.stop = effect(() => {
        if (!first) return void this.forceUpdate();
        first = false;
        const outer = rendering;
        rendering = (this.context as Record<string, WidgetContext | undefined>)[WIDGET_KEY] ?? null;
        try {
          out = render(props);
        } finally {
          rendering = outer;
        }
      });
      return out;
    }
    override componentWillUnmount() {
      this.stop?.();
    }
  };
}

/** The overlay's models, words and panels, inside a reactive component's render. */
export function useWidget(): WidgetContext {
  if (!rendering) throw new Error("Encore components are reactive() and render inside <WidgetRoot>");
  return rendering;
}

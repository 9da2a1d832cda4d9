/**
 * A ref that focuses a dialog's heading when the dialog appears. It is one function for the
 * life of the page, so Preact calls it when the element mounts and not on every render (a new
 * function each render would take the focus back from whatever the viewer moved it to).
 * preventScroll: otherwise the browser scrolls the overlay to a sheet that is still sliding in.
 */
export const focusOnMount = (element: HTMLElement | null) => element?.focus({ preventScroll: true });

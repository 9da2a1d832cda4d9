/** Every line the widget and the console write to the page's console says where it came from. */
export const log = {
  warn: (...args: unknown[]) => console.warn("[encore]", ...args),
  error: (...args: unknown[]) => console.error("[encore]", ...args),
};

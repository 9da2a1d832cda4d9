/** Every line the widget writes to the console says where it came from. */
export const log = {
  warn: (...args: unknown[]) => console.warn("[encore]", ...args),
  error: (...args: unknown[]) => console.error("[encore]", ...args),
};

/** A stylesheet imported as a string, compiled for a shadow root (see widget/build/shadow-css.ts). */
declare module "*.css?inline" {
  const css: string;
  export default css;
}

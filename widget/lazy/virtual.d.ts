/** Written by the script tag's build (widget/build/lazy-panels.ts): a panel's name → its content-hashed file. */
declare module "virtual:encore-panel-files" {
  const files: Record<string, string>;
  export default files;
}

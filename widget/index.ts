/** The ES build's entry: the overlay's stylesheet, compiled for a shadow root. */
export { default as styles } from "./ui/styles.css?inline";

export { FACTS, type Facts } from "./facts.ts";

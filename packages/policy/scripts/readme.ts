import { readFile, writeFile } from "node:fs/promises";
import { replaceRuleTable, rules } from "../src/index.ts";

const path = new URL("../README.md", import.meta.url);
await writeFile(path, replaceRuleTable(await readFile(path, "utf8"), rules));

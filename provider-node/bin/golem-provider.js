#!/usr/bin/env node
// `golem-provider`. In the repository it runs the TypeScript source (Node strips its types, but
// not under node_modules); an installed package has no src/ and runs the JavaScript built into
// dist/. src/cli/main.ts re-runs this file for `start --daemon`.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);
await import(existsSync(source) ? source.href : "../dist/cli/main.js");

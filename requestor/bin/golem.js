#!/usr/bin/env node
// `golem`: Node 24 strips TypeScript types natively, but not for files under
// node_modules, so this shim imports the entry point by a path relative to itself.
import "../src/cli/main.ts";

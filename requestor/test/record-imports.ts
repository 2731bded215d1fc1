// Preload for cli-help-imports.test.ts: records every module URL the process resolves and
// prints them as one JSON line on stderr at exit.
import { registerHooks } from "node:module";

const seen: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    seen.push(result.url);
    return result;
  },
});
process.on("exit", () => {
  process.stderr.write(`\nIMPORTS ${JSON.stringify(seen)}\n`);
});

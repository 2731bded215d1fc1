import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { golemBin } from "./run-golem.ts";

const preload = fileURLToPath(new URL("./record-imports.ts", import.meta.url));

function importsOf(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", preload, golemBin, ...args], (error, _out, stderr) => {
      const line = stderr.split("\n").find((l) => l.startsWith("IMPORTS "));
      if (error || line === undefined) return reject(error ?? new Error(stderr));
      resolve(JSON.parse(line.slice("IMPORTS ".length)) as string[]);
    });
  });
}

// Help must stay fast: it may load commander and the CLI's own entry files, nothing heavy.
describe("golem help loads no heavy modules", () => {
  for (const args of [
    ["--help"],
    ["vm", "--help"],
    ["vm", "stream", "--help"],
    ["wallet", "--help"],
  ]) {
    it(`golem ${args.join(" ")}`, async () => {
      const urls = await importsOf(args);
      expect(urls.some((url) => url.includes("/commander/"))).toBe(true);
      // The print edge's sanitizer (and its subpath entry, which loads only it) are the sdk
      // files allowed: the sanitizer imports nothing.
      const light = ["/sdk/src/entries/text.ts", "/sdk/src/text/sanitize-terminal-text.ts"];
      const heavy = urls.filter(
        (url) =>
          /\/(viem|zod|libp2p|@libp2p|ora|@inquirer)\/|\/sdk\/src\/|node:sqlite/.test(url) &&
          !light.some((file) => url.endsWith(file)),
      );
      expect(heavy).toEqual([]);
    });
  }
});

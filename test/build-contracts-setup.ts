/**
 * Vitest global setup: compiles the contracts (not the Solidity tests) once before any test
 * file runs, so tests that deploy work on a fresh clone and workers never compile side by side.
 * Incremental: with nothing changed it costs about a second.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default async function setup(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ["node_modules/hardhat/dist/src/cli.js", "build", "--no-tests", "--quiet"],
      { cwd: root, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`the contracts did not compile:\n${stdout}${stderr}`));
        else resolve();
      },
    );
  });
}

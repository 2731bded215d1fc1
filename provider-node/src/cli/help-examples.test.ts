import { describe, expect, it } from "vitest";
import { commandPaths, helpExampleProblems } from "../../../scripts/lib/help-examples-check.ts";
import type { CliContext } from "./cli-context.ts";
import { createProgram } from "./create-program.ts";
import { helpExamples } from "./help-examples.ts";

const ctx: CliContext = {
  env: {},
  homeDir: "/nonexistent-home",
  out: () => {},
  err: () => {},
  version: "0.0.0-test",
  self: { execPath: process.execPath, args: [] },
  argv: [],
};

describe("golem-provider help", () => {
  const program = createProgram(ctx);

  it("has an example under every command, running that command with flags it knows", () => {
    expect(commandPaths(program).length).toBeGreaterThan(20);
    expect(helpExampleProblems(program)).toEqual([]);
  });

  it("lists examples only for commands that exist", () => {
    const paths = new Set(commandPaths(program));
    expect(Object.keys(helpExamples).filter((path) => !paths.has(path))).toEqual([]);
  });
});

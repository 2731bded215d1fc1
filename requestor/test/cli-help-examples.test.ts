import { paymentsNetworkNames } from "@vm-on-golem/sdk/deployments";
import { describe, expect, it } from "vitest";
import { commandPaths, helpExampleProblems } from "../../scripts/lib/help-examples-check.ts";
import type { CliContext } from "../src/cli/cli-context.ts";
import { createProgram } from "../src/cli/create-program.ts";
import { helpExamples } from "../src/cli/help-examples.ts";

const ctx = {
  version: "0.0.0-test",
  env: {},
  out: () => {},
  err: () => {},
  interactive: false,
  config: () => Promise.reject(new Error("help needs no config")),
} satisfies CliContext;

describe("golem help", () => {
  const program = createProgram(ctx, () => {});

  it("has an example under every command, running that command with flags it knows", () => {
    expect(commandPaths(program).length).toBeGreaterThan(25);
    expect(helpExampleProblems(program)).toEqual([]);
  });

  it("lists examples only for commands that exist", () => {
    const paths = new Set(commandPaths(program));
    expect(Object.keys(helpExamples).filter((path) => !paths.has(path))).toEqual([]);
  });

  it("--network takes the sdk's payments network names, as golem-provider's does", () => {
    const network = program.options.find((o) => o.long === "--network");
    expect(network?.argChoices).toEqual(paymentsNetworkNames);
  });
});

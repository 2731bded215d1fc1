import { describe, expect, it } from "vitest";
import type { CliContext } from "../cli/cli-context.ts";
import { printResult } from "../cli/output.ts";
import { captureContext } from "./capture-context.ts";

const base = {
  version: "0",
  env: {},
  out: () => {
    throw new Error("printed to the real stdout");
  },
  err: () => {
    throw new Error("printed to the real stderr");
  },
  interactive: true,
  config: () => Promise.reject(new Error("unused")),
} satisfies CliContext;

describe("captureContext", () => {
  it("keeps an action's --json output, parsed, bigints as strings, and never prompts", () => {
    const run = captureContext(base);
    expect(run.ctx.interactive).toBe(false);
    printResult(run.ctx, { json: true }, { amount: 5n, name: "web-1" }, () => "text");
    run.ctx.err("progress");
    expect(run.result()).toEqual({ amount: "5", name: "web-1" });
  });
  it("is undefined when the action printed nothing", () => {
    expect(captureContext(base).result()).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { createRevertStack } from "./revert-stack.ts";

describe("createRevertStack", () => {
  it("runs undos last first and keeps going when one fails", async () => {
    const revert = createRevertStack();
    const order: string[] = [];
    revert.add(() => {
      order.push("first");
    });
    revert.add(() => {
      throw new Error("boom");
    });
    revert.add(async () => {
      order.push("third");
    });
    const errors = await revert.revert();
    expect(order).toEqual(["third", "first"]);
    expect(errors).toHaveLength(1);
    expect(await revert.revert()).toEqual([]);
  });

  it("runs nothing after success()", async () => {
    const revert = createRevertStack();
    let ran = false;
    revert.add(() => {
      ran = true;
    });
    revert.success();
    await revert.revert();
    expect(ran).toBe(false);
  });
});

import { expect, test } from "vitest";
import { createKeyedQueue } from "./keyed-queue.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

test("runs tasks of one key in order, one at a time, and other keys alongside", async () => {
  const queue = createKeyedQueue();
  const events: string[] = [];
  const task = (name: string) => async () => {
    events.push(`${name} start`);
    await tick();
    events.push(`${name} end`);
    return name;
  };
  const results = await Promise.all([
    queue.run("a", task("a1")),
    queue.run("a", task("a2")),
    queue.run("b", task("b1")),
  ]);
  expect(results).toEqual(["a1", "a2", "b1"]);
  expect(events.indexOf("a1 end")).toBeLessThan(events.indexOf("a2 start"));
  expect(events.indexOf("b1 start")).toBeLessThan(events.indexOf("a1 end"));
});

test("a failing task does not stop the next one, and idle() waits for all", async () => {
  const queue = createKeyedQueue();
  const failed = queue.run("a", async () => {
    throw new Error("boom");
  });
  let ran = false;
  void queue.run("a", async () => {
    await tick();
    ran = true;
  });
  await expect(failed).rejects.toThrow("boom");
  await queue.idle();
  expect(ran).toBe(true);
});

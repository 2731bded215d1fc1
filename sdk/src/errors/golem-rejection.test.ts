import { expect, test } from "vitest";
import { GolemError } from "./golem-error.ts";
import { golemRejection } from "./golem-rejection.ts";

test("golemRejection returns the GolemError a promise rejects with", async () => {
  const err = new GolemError("VM_NOT_FOUND", "gone");
  expect(await golemRejection(Promise.reject(err))).toBe(err);
});

test("golemRejection throws when the promise resolves or rejects with another error", async () => {
  await expect(golemRejection(Promise.resolve(1))).rejects.toThrow(/resolved/);
  await expect(golemRejection(Promise.reject(new TypeError("x")))).rejects.toThrow(
    "expected a GolemError",
  );
});

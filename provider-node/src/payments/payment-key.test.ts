import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { golemRejection } from "@vm-on-golem/sdk/errors";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, expect, test } from "vitest";
import { loadPaymentKey } from "./payment-key.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "payment-key-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("generates a key on first start into payment.key with mode 0600, then reuses it", async () => {
  const first = await loadPaymentKey({ dataDir: dir });
  const path = join(dir, "payment.key");
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  expect(privateKeyToAccount((await readFile(path, "utf8")).trim() as `0x${string}`).address).toBe(
    first.address,
  );
  expect((await loadPaymentKey({ dataDir: dir })).address).toBe(first.address);
});

test("a key from the env wins and writes no file", async () => {
  const key = generatePrivateKey();
  const account = await loadPaymentKey({ dataDir: dir, privateKey: key });
  expect(account.address).toBe(privateKeyToAccount(key).address);
  await expect(stat(join(dir, "payment.key"))).rejects.toThrow(/ENOENT/);
});

test("a malformed key is CONFIG_INVALID and its text is not in the message", async () => {
  await writeFile(join(dir, "payment.key"), "0xnot-a-key-secret");
  const error = await golemRejection(loadPaymentKey({ dataDir: dir }));
  expect(error.code).toBe("CONFIG_INVALID");
  expect(error.message).not.toContain("secret");
});

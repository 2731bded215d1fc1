import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { afterEach, describe, expect, it } from "vitest";
import { loadPaymentKey } from "./payment-key.ts";

const dirs: string[] = [];
const tempHome = async () => {
  const dir = await mkdtemp(join(tmpdir(), "golem-key-"));
  dirs.push(dir);
  return join(dir, "home");
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("loadPaymentKey", () => {
  it("generates a key readable only by the user, then reuses it", async () => {
    const home = await tempHome();
    const first = await loadPaymentKey({ home });
    expect(first.source).toBe("generated");
    expect(first.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await stat(join(home, "wallet.key"))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect(await loadPaymentKey({ home })).toEqual({
      privateKey: first.privateKey,
      source: "file",
    });
  });

  it("prefers a configured key and writes nothing", async () => {
    const home = await tempHome();
    const key = `0x${"11".repeat(32)}`;
    expect(await loadPaymentKey({ home, configured: key })).toEqual({
      privateKey: key,
      source: "config",
    });
    await expect(readFile(join(home, "wallet.key"))).rejects.toThrow();
  });

  it("refuses a damaged key file without echoing its content", async () => {
    const home = await tempHome();
    await loadPaymentKey({ home });
    await writeFile(join(home, "wallet.key"), "0xsecret-but-broken\n");
    const error = await loadPaymentKey({ home }).catch((e: unknown) => e);
    expect(isGolemError(error, "CONFIG_INVALID")).toBe(true);
    expect(JSON.stringify((error as Error & { toJSON(): unknown }).toJSON())).not.toContain(
      "secret",
    );
  });
});

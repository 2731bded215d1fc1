import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPinned, pinHostKeys } from "./pinned-host-keys.ts";

const run = promisify(execFile);
let dir: string;
let hostKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pinned-"));
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", join(dir, "host")]);
  hostKey = (await readFile(join(dir, "host.pub"), "utf8")).trim();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("pinHostKeys", () => {
  it("writes an owner-only known_hosts file that OpenSSH finds the key in, by [host]:port", async () => {
    const file = join(dir, "web-1");
    await pinHostKeys(file, { host: "127.0.0.1", port: 22800 }, [hostKey]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await isPinned(file)).toBe(true);
    // ssh-keygen -F looks a host up the way ssh does.
    const found = await run("ssh-keygen", ["-F", "[127.0.0.1]:22800", "-f", file]);
    expect(found.stdout).toContain(`[127.0.0.1]:22800 ${hostKey}`);
    const other = await run("ssh-keygen", ["-F", "[127.0.0.1]:22801", "-f", file]).catch(
      (error: { code: number }) => error,
    );
    expect((other as { code: number }).code).toBe(1);
  });

  it("replaces what was there; a file ssh learned on first use is not a pin", async () => {
    const file = join(dir, "old");
    await writeFile(file, `[127.0.0.1]:22800 ${hostKey}\n`);
    expect(await isPinned(file)).toBe(false);
    expect(await isPinned(join(dir, "missing"))).toBe(false);
    await pinHostKeys(file, { host: "127.0.0.1", port: 22900 }, [hostKey]);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(":22800");
    expect(text.split("\n").filter((line) => line.startsWith("[127.0.0.1]:22900 "))).toHaveLength(
      1,
    );
  });
});

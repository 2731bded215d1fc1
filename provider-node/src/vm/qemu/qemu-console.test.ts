import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { olderConsoleLogOf, readConsoleTail, rotateConsoleForBoot } from "./qemu-console.ts";
import type { QemuVmFiles } from "./qemu-vm-store.ts";

// The host side of the console: tails across the rotated pair and the rotation at boot
// (draining QEMU's ring over QMP is tested on a real guest in test/guest-console-network.test.ts).
let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const filesIn = (d: string) =>
  ({
    dir: d,
    consoleLog: join(d, "console.log"),
    previousConsoleLog: join(d, "console.previous.log"),
  }) as QemuVmFiles;

describe("console files", () => {
  it("reads the tail across console.1.log and console.log, newest last", async () => {
    dir = await mkdtemp(join(tmpdir(), "gcon-"));
    const files = filesIn(dir);
    expect((await readConsoleTail(files, 100)).length).toBe(0);
    await writeFile(olderConsoleLogOf(files), "older-part\n");
    await writeFile(files.consoleLog, "newer\n");
    expect((await readConsoleTail(files, 100)).toString()).toBe("older-part\nnewer\n");
    expect((await readConsoleTail(files, 9)).toString()).toBe("rt\nnewer\n");
    expect((await readConsoleTail(files, 3)).toString()).toBe("er\n");
  });

  it("keeps the last boot's console.log as console.previous.log and drops the rotated file", async () => {
    dir = await mkdtemp(join(tmpdir(), "gcon-"));
    const files = filesIn(dir);
    await writeFile(olderConsoleLogOf(files), "old");
    await writeFile(files.consoleLog, "last boot");
    await rotateConsoleForBoot(files);
    expect((await readdir(dir)).sort()).toEqual(["console.previous.log"]);
    expect((await readConsoleTail({ consoleLog: files.previousConsoleLog }, 100)).toString()).toBe(
      "last boot",
    );
    await rotateConsoleForBoot(files); // nothing to move: no error
  });
});

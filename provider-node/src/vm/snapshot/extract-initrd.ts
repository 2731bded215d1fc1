import { mkdtemp, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runCommand } from "../run-command.ts";
import { VmError } from "../vm-error.ts";

/**
 * Copies the initrd out of a base image whose disk is one ext4 file system (no partition
 * table): converts it to a sparse raw file beside `destination` and dumps `/boot/initrd.img-*`
 * with debugfs (e2fsprogs), no mount needed. Saved machines boot from virtio-blk, which
 * Debian's cloud kernel loads from its initrd. Fails with `IMAGE_BUILD_FAILED` when the image
 * holds no initrd or more than one.
 *
 * @example await extractInitrd("qemu-img", image.qcow2Path, join(dir, "initrd.img"));
 */
export async function extractInitrd(
  qemuImgBinary: string,
  qcow2Path: string,
  destination: string,
): Promise<void> {
  const work = await mkdtemp(join(dirname(destination), ".initrd-"));
  try {
    const raw = join(work, "root.raw");
    await runCommand(qemuImgBinary, ["convert", "-U", "-O", "raw", qcow2Path, raw]);
    const { stdout } = await runCommand("debugfs", ["-R", "ls -p /boot", raw]);
    // `ls -p` prints /inode/mode/uid/gid/name/size/ per entry.
    const names = stdout
      .split("\n")
      .map((line) => line.split("/")[5] ?? "")
      .filter((name) => name.startsWith("initrd.img-"));
    if (names.length !== 1) {
      throw new VmError(
        "IMAGE_BUILD_FAILED",
        `The base image ${qcow2Path} holds ${names.length} initrds in /boot, not one`,
        { hints: ["Rebuild the base image; its kernel package installs one initrd."] },
      );
    }
    await runCommand("debugfs", ["-R", `dump /boot/${names[0]} ${destination}`, raw]);
    // debugfs exits 0 even when a request fails.
    if ((await stat(destination).catch(() => undefined))?.size === undefined) {
      throw new VmError("IMAGE_BUILD_FAILED", `debugfs did not write ${destination}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

import { runCommand } from "../run-command.ts";

/**
 * The virtual size of a disk image in bytes (`qemu-img info`; `-U` so an image in use by a
 * running QEMU can be read).
 *
 * @example const bytes = await qcow2VirtualSize("qemu-img", image.qcow2Path);
 */
export async function qcow2VirtualSize(qemuImgBinary: string, path: string): Promise<number> {
  const { stdout } = await runCommand(qemuImgBinary, ["info", "--output=json", "-U", path]);
  return (JSON.parse(stdout) as { "virtual-size": number })["virtual-size"];
}

/**
 * Creates a qcow2 overlay at `path` over the qcow2 image `basePath`, `sizeGiB` GiB large:
 * writes go to the overlay, the base image is never changed.
 *
 * @example await createQcow2Overlay("qemu-img", image.qcow2Path, files.disk, 10);
 */
export async function createQcow2Overlay(
  qemuImgBinary: string,
  basePath: string,
  path: string,
  sizeGiB: number,
): Promise<void> {
  await runCommand(qemuImgBinary, [
    "create",
    "-q",
    "-f",
    "qcow2",
    "-F",
    "qcow2",
    "-b",
    basePath,
    path,
    `${sizeGiB}G`,
  ]);
}

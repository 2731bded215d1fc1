import { appendFile, open, rename, rm, stat } from "node:fs/promises";
import type { QemuVmFiles } from "./qemu-vm-store.ts";
import { connectQmp } from "./qmp.ts";

/** The id of the ring buffer chardev the guest's serial port writes into. */
export const consoleRingId = "console0";

/**
 * Size of QEMU's console ring in bytes (a power of two, as QEMU requires). The guest can never
 * make QEMU hold more: the ring overwrites its oldest bytes, and it never blocks the guest.
 */
export const consoleRingBytes = 1 << 20;

/**
 * Largest `console.log` (bytes). When the next chunk would pass it, the file becomes
 * `console.1.log` (replacing the older one), so one boot's console takes at most twice this
 * on disk, plus `console.previous.log` (the last boot's `console.log`, also capped).
 */
export const consoleFileCapBytes = 1 << 20;

// One ringbuf-read answer holds at most this many bytes (base64 in JSON: 4/3 of it on the wire).
const readChunkBytes = 256 * 1024;

// Drains of one VM run one at a time so chunks are appended in the order they were read.
const drains = new Map<string, Promise<number>>();

/**
 * Moves what the guest wrote to its serial port since the last drain from QEMU's ring
 * (QMP `ringbuf-read`, which consumes what it returns) into the VM's capped `console.log`,
 * and resolves with the number of bytes moved. A VM whose QMP is busy or gone moves nothing
 * now; its ring keeps the most recent output for the next drain.
 *
 * @example await drainQemuConsole(store.files(id));
 */
export function drainQemuConsole(files: QemuVmFiles): Promise<number> {
  const before = drains.get(files.dir) ?? Promise.resolve(0);
  const next = before.catch(() => 0).then(() => drainOnce(files));
  drains.set(files.dir, next);
  void next.finally(() => {
    if (drains.get(files.dir) === next) drains.delete(files.dir);
  });
  return next;
}

async function drainOnce(files: QemuVmFiles): Promise<number> {
  const qmp = await connectQmp(files.qmpSocket, { timeoutMs: 2_000 }).catch(() => undefined);
  if (qmp === undefined) return 0;
  let moved = 0;
  try {
    // At most one ring's worth: a guest writing without end cannot keep the drain going.
    while (moved < consoleRingBytes) {
      const data = await qmp.execute<string>("ringbuf-read", {
        device: consoleRingId,
        size: readChunkBytes,
        format: "base64",
      });
      const chunk = Buffer.from(data, "base64");
      if (chunk.length === 0) break;
      await appendCapped(files, chunk);
      moved += chunk.length;
      if (chunk.length < readChunkBytes) break;
    }
  } catch {
    // A QEMU started before the ring existed (serial into a file) has no such device.
  } finally {
    qmp.close();
  }
  return moved;
}

async function appendCapped(files: QemuVmFiles, chunk: Buffer): Promise<void> {
  const size = await stat(files.consoleLog).then(
    (s) => s.size,
    () => 0,
  );
  if (size > 0 && size + chunk.length > consoleFileCapBytes) {
    await rename(files.consoleLog, olderConsoleLogOf(files));
  }
  await appendFile(files.consoleLog, chunk);
}

/** The console file that `console.log` rotates into. */
export function olderConsoleLogOf(files: Pick<QemuVmFiles, "consoleLog">): string {
  return files.consoleLog.replace(/\.log$/, ".1.log");
}

/**
 * The last `maxBytes` of this boot's console (`console.1.log` then `console.log`), as stored
 * on the host; empty when nothing was written.
 *
 * @example const tail = await readConsoleTail(store.files(id), 64 * 1024);
 */
export async function readConsoleTail(
  files: Pick<QemuVmFiles, "consoleLog">,
  maxBytes: number,
): Promise<Buffer> {
  const newer = await readTail(files.consoleLog, maxBytes);
  if (newer.length >= maxBytes) return newer;
  const older = await readTail(olderConsoleLogOf(files), maxBytes - newer.length);
  return Buffer.concat([older, newer]);
}

async function readTail(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, "r").catch(() => undefined);
  if (handle === undefined) return Buffer.alloc(0);
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer;
  } finally {
    await handle.close();
  }
}

/**
 * Before a boot: this boot's `console.log` becomes `console.previous.log` (for post-mortems)
 * and the rotated `console.1.log` goes, so a VM's console files stay within their caps.
 */
export async function rotateConsoleForBoot(files: QemuVmFiles): Promise<void> {
  await rename(files.consoleLog, files.previousConsoleLog).catch(() => {});
  await rm(olderConsoleLogOf(files), { force: true });
}

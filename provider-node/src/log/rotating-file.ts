import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/** Options of {@link createRotatingFile}. */
export type RotatingFileOptions = {
  /** The file written now; older ones are `<path>.1` (newest) to `<path>.<keep>`. */
  path: string;
  /** Size at which the file is rotated (bytes); a file never grows past it by a whole record. */
  maxBytes: number;
  /** Rotated files kept beside the current one (count, at least 1). */
  keep: number;
};

/**
 * An append-only log file that never passes `maxBytes`: before a record that would not fit,
 * the file is renamed to `<path>.1` (`.1` to `.2`, … the oldest dropped) and a new one opened,
 * so the log's disk use stays below `maxBytes × (keep + 1)`. Writes are synchronous: the bound
 * holds under a flood (a rotation after buffered writes, as pino-roll does, let a burst run
 * its file to many times the size) and every line is on disk if the process dies. A record
 * larger than `maxBytes` gets a file of its own. A pino destination (`write(line)`).
 *
 * @example const file = createRotatingFile({ path: "/var/log/golem/provider.log", maxBytes: 10 << 20, keep: 5 });
 */
export function createRotatingFile(options: RotatingFileOptions) {
  const { path, maxBytes, keep } = options;
  if (!(maxBytes > 0) || !(keep >= 1)) {
    throw new RangeError(`createRotatingFile: maxBytes ${maxBytes} and keep ${keep} must be > 0`);
  }
  let fd = openSync(path, "a", 0o600);
  let size = fstatSync(fd).size;

  const rotate = () => {
    closeSync(fd);
    rmSync(`${path}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(`${path}.${n}`, `${path}.${n + 1}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    renameSync(path, `${path}.1`);
    fd = openSync(path, "a", 0o600);
    size = 0;
  };

  return {
    /** Appends one record (a whole line), rotating first when it would not fit. */
    write(record: string): void {
      const bytes = Buffer.from(record);
      if (size > 0 && size + bytes.length > maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
    },
    /** Closes the file; later writes throw. */
    close(): void {
      closeSync(fd);
    },
  };
}

/** The file returned by {@link createRotatingFile}. */
export type RotatingFile = ReturnType<typeof createRotatingFile>;

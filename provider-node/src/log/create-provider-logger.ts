import { type DestinationStream, type Logger, pino } from "pino";
import type { LogConfig } from "../config/log-config.ts";
import { createRotatingFile } from "./rotating-file.ts";

/** Options of {@link createProviderLogger}. */
export type CreateProviderLoggerOptions = LogConfig & {
  /** Human-readable lines (pino-pretty) instead of JSON when logging to stdout: a terminal. */
  pretty?: boolean;
  /** Where JSON goes when no file is set (default: stdout). Tests hand in a collector. */
  stdout?: DestinationStream;
};

/**
 * Fields that may carry a secret, wherever a caller puts them: never written, whatever the
 * level. Keys are also kept out of messages by their callers (the node logs an address).
 */
export const redactedPaths = [
  "privateKey",
  "*.privateKey",
  "key",
  "*.key",
  "mnemonic",
  "*.mnemonic",
  "token",
  "*.token",
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "headers.cookie",
];

/** The node's one logger and its line-logging face. */
export type ProviderLogger = {
  logger: Logger;
  /** A line at info, for the node's parts that log plain facts. */
  log: (line: string) => void;
  /** Writes out what is buffered and closes the file. */
  close(): Promise<void>;
};

/**
 * The provider daemon's structured log (pino): levels, secrets redacted, one JSON object per
 * line on stdout (journald adds the time and unit) or in a file rotated by size
 * ({@link createRotatingFile}), or pretty lines on a terminal.
 *
 * @example const { logger, log, close } = await createProviderLogger({ ...config.log, pretty: process.stdout.isTTY });
 */
export async function createProviderLogger(
  options: CreateProviderLoggerOptions,
): Promise<ProviderLogger> {
  let destination: DestinationStream;
  let closeDestination: () => Promise<void>;
  if (options.file !== "") {
    const file = createRotatingFile({
      path: options.file,
      maxBytes: options.maxFileBytes,
      keep: options.keepFiles,
    });
    destination = file;
    closeDestination = async () => file.close();
  } else if (options.stdout) {
    destination = options.stdout;
    closeDestination = async () => {};
  } else if (options.pretty) {
    const { default: pretty } = await import("pino-pretty");
    const stream = pretty({ colorize: true, sync: true, translateTime: "SYS:standard" });
    destination = stream;
    closeDestination = async () => {};
  } else {
    const stream = pino.destination({ dest: 1, sync: false });
    destination = stream;
    closeDestination = () =>
      new Promise<void>((resolve) => {
        stream.flush(() => resolve());
      });
  }
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      // Level names, not numbers, in JSON (journald and grep read them); pino-pretty wants numbers.
      ...(options.pretty && options.file === ""
        ? {}
        : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    destination,
  );
  return {
    logger,
    log: (line) => logger.info(line),
    close: closeDestination,
  };
}

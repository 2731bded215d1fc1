import { z } from "zod";

/** The `log` section of the provider config: one structured (pino) log for the whole node. */
export const logConfigSchema = z.object({
  level: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"])
    .default("info")
    .describe(
      "least level written (trace, debug, info, warn, error, fatal, silent); refused requests are info, failures of the node error",
    ),
  file: z
    .string()
    .default("")
    .describe(
      "log file, rotated by size (path; empty: JSON lines on stdout for journald, pretty on a terminal; `start --daemon` uses <dataDir>/provider.log)",
    ),
  maxFileBytes: z
    .number()
    .int()
    .min(65_536)
    .default(10 * 1024 * 1024)
    .describe("size at which the log file is rotated (bytes)"),
  keepFiles: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(5)
    .describe("rotated log files kept beside the current one (count)"),
});

/** The resolved `log` section. */
export type LogConfig = z.output<typeof logConfigSchema>;

import type { RequestorConfig } from "../config/requestor-config-schema.ts";

/**
 * What every command gets from the entry point: output sinks, the environment, the
 * package version and the configuration (resolved on first use, so `--help` stays fast).
 */
export type CliContext = {
  /** Package version of `@vm-on-golem/requestor`. */
  version: string;
  /** Process environment, read only by `main.ts` and handed to child processes. */
  env: Record<string, string | undefined>;
  /** Print one line (or block) to stdout. */
  out(text: string): void;
  /** Print one line (or block) to stderr. */
  err(text: string): void;
  /** Resolves the configuration once, with the global flags applied. */
  config(): Promise<RequestorConfig>;
  /** True when stdout is a terminal (spinners and prompts only then). */
  interactive: boolean;
  /**
   * Called before the command pays anything from the payment key (a stream's deposit, a
   * top-up); throws to refuse. `golem server api` sets it to its spending caps; the CLI on a
   * terminal leaves it unset (the user confirms each payment).
   */
  approveSpend?: ((spend: SpendRequest) => Promise<void>) | undefined;
};

/** A payment a command is about to make, for {@link CliContext.approveSpend}. */
export type SpendRequest = {
  /** Token base units. */
  amount: bigint;
  /** The token's decimals and symbol, to state amounts. */
  decimals: number;
  symbol: string;
  /** What pays, e.g. `create web-1`, `topup #7`. */
  purpose: string;
};

/** Global flags every command sees (`command.optsWithGlobals()`). */
export type GlobalOptions = {
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  home?: string | undefined;
  keystore?: string | undefined;
  rpcUrl?: string | undefined;
  chainId?: string | undefined;
  network?: string | undefined;
};

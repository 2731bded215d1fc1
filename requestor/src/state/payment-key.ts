import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { ensureHome } from "./ensure-home.ts";
import { readKeystore } from "./keystore.ts";

/** Parameters of {@link loadPaymentKey}. */
export type LoadPaymentKeyParameters = {
  /** The state folder; the key lives in `<home>/wallet.key`. */
  home: string;
  /** A key from config (env `GOLEM_REQUESTOR_PRIVATE_KEY`); wins over the file. */
  configured?: Hex | string | undefined;
  /** An encrypted JSON keystore (`--keystore`); wins over the key file. */
  keystore?: string | undefined;
  /** The keystore's password from config (env `GOLEM_REQUESTOR_KEYSTORE_PASSWORD`). */
  keystorePassword?: string | undefined;
  /** Asks for the keystore's password when config has none (a terminal prompt); else it fails. */
  askPassword?: ((keystore: string) => Promise<string>) | undefined;
};

/** Result of {@link loadPaymentKey}. */
export type LoadPaymentKeyReturnType = {
  privateKey: Hex;
  /** Where it came from; never the key itself. */
  source: "config" | "keystore" | "file" | "generated";
};

const keyPattern = /^0x[0-9a-fA-F]{64}$/;

/**
 * The requestor's payment key: from config, else an encrypted keystore (`--keystore`), else
 * `<home>/wallet.key`, else a new key written
 * there with mode 0600. The key is never printed or put in an error.
 *
 * @example
 * const { privateKey } = await loadPaymentKey({ home: config.home, configured: config.privateKey });
 */
export async function loadPaymentKey(
  params: LoadPaymentKeyParameters,
): Promise<LoadPaymentKeyReturnType> {
  if (params.configured !== undefined) {
    return { privateKey: params.configured as Hex, source: "config" };
  }
  if (params.keystore !== undefined) {
    const password = params.keystorePassword ?? (await params.askPassword?.(params.keystore));
    if (password === undefined) {
      throw new GolemError("KEYSTORE_INVALID", `no password for the keystore ${params.keystore}`, {
        hints: [
          "set GOLEM_REQUESTOR_KEYSTORE_PASSWORD, or run the command on a terminal to type it",
        ],
        details: { path: params.keystore },
      });
    }
    return { privateKey: await readKeystore(params.keystore, password), source: "keystore" };
  }
  const path = join(await ensureHome(params.home), "wallet.key");
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") throw cause;
  }
  if (text !== undefined) {
    const key = text.trim();
    if (!keyPattern.test(key)) {
      throw new GolemError("CONFIG_INVALID", `${path} does not hold a 32-byte hex key`, {
        hints: ["restore the file from a backup, or move it away to generate a new key"],
        details: { path },
      });
    }
    return { privateKey: key as Hex, source: "file" };
  }
  const privateKey = generatePrivateKey();
  // `wx`: never overwrite a key another process wrote meanwhile.
  await writeFile(path, `${privateKey}\n`, { mode: 0o600, flag: "wx" });
  return { privateKey, source: "generated" };
}

/**
 * The key sources of a resolved config, plus a password prompt on a terminal.
 *
 * @example
 * const { privateKey } = await loadPaymentKey(paymentKeyParameters(config));
 */
export function paymentKeyParameters(config: {
  home: string;
  privateKey?: string | undefined;
  keystore?: string | undefined;
  keystorePassword?: string | undefined;
}): LoadPaymentKeyParameters {
  return {
    home: config.home,
    configured: config.privateKey,
    keystore: config.keystore,
    keystorePassword: config.keystorePassword,
    askPassword: process.stdin.isTTY
      ? async (path) => {
          const { password } = await import("@inquirer/prompts");
          return password({ message: `Password of the keystore ${path}:`, mask: true });
        }
      : undefined,
  };
}

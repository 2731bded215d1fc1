import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { type Hex, isHex } from "viem";
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";

/** File name of the provider's payment key inside its data directory. */
export const paymentKeyFile = "payment.key";

/** Parameters of {@link loadPaymentKey}. */
export type LoadPaymentKeyParameters = {
  /** The node's data directory (resolved, no `~`). */
  dataDir: string;
  /** A key from the entry point's env (`GOLEM_PROVIDER_PRIVATE_KEY`); wins over the file. */
  privateKey?: string | undefined;
};

const parseKey = (text: string, source: string): Hex => {
  const key = text.trim();
  const hex = (key.startsWith("0x") ? key : `0x${key}`) as Hex;
  if (!isHex(hex) || hex.length !== 66) {
    throw new GolemError("CONFIG_INVALID", `the payment key in ${source} is not 32 bytes of hex`, {
      hints: ["put a 0x-prefixed 64-hex-digit private key there, or remove it to generate one"],
    });
  }
  return hex;
};

/**
 * The provider's payment account: from `privateKey` when given, else `<dataDir>/payment.key`,
 * generated there (mode 0600) on first start. There is no built-in default key, and the key
 * is never logged.
 *
 * @example
 * const account = await loadPaymentKey({ dataDir, privateKey: env.GOLEM_PROVIDER_PRIVATE_KEY });
 */
export async function loadPaymentKey({
  dataDir,
  privateKey,
}: LoadPaymentKeyParameters): Promise<PrivateKeyAccount> {
  if (privateKey !== undefined && privateKey !== "") {
    return privateKeyToAccount(parseKey(privateKey, "GOLEM_PROVIDER_PRIVATE_KEY"));
  }
  const path = join(dataDir, paymentKeyFile);
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (text !== undefined) {
    // Tighten a key file someone loosened; it holds the provider's earnings.
    await chmod(path, 0o600);
    return privateKeyToAccount(parseKey(text, paymentKeyFile));
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = generatePrivateKey();
  // `wx`: two nodes starting at once must not overwrite each other's fresh key.
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  return privateKeyToAccount(key);
}

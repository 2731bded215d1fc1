import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";

const address = z
  .string()
  .refine((text) => isAddress(text, { strict: false }), "not an address")
  .transform((text): Address => getAddress(text));

const blockNumber = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .transform((value) => BigInt(value));

const hash32 = z.custom<Hex>(
  (value) => typeof value === "string" && isHex(value) && value.length === 66,
  { message: "not a 32-byte hex hash" },
);

const explorerUrl = z.url({ protocol: /^https?$/ });

/**
 * A block explorer: `{ name, url }`, or its base URL alone (named after its host). Parsed form:
 * `{ name, url }` with no trailing slash.
 */
export const deploymentExplorerSchema = z
  .union([explorerUrl, z.object({ name: z.string().min(1), url: explorerUrl })])
  .transform((value) => {
    const url = (typeof value === "string" ? value : value.url).replace(/\/+$/, "");
    return { name: typeof value === "string" ? new URL(url).host : value.name, url };
  });

/** A parsed deployment's block explorer. */
export type DeploymentExplorer = z.output<typeof deploymentExplorerSchema>;

/**
 * `deployments/<chainId>.json` as written by the deploy script. Wire form: JSON; parsed form:
 * checksummed addresses, deploy blocks as `bigint`, `deployedAt` as an ISO 8601 string.
 */
export const deploymentSchema = z.object({
  /** EIP-155 chain id. */
  chainId: z.number().int().positive(),
  /** Human name of the network, e.g. `hardhat`, `sepolia`. */
  name: z.string().min(1),
  contracts: z.object({
    StreamPayment: z.object({
      address,
      /** Block the contract was deployed in: where event scans start. */
      deployBlock: blockNumber,
    }),
    GLM: z.object({
      address,
      /** `null` when the token existed before this deployment (GLM on a public chain). */
      deployBlock: blockNumber.nullable(),
      symbol: z.string().min(1),
      decimals: z.number().int().min(0).max(255),
      /** True when the token has the test faucet (`faucet()`, `faucetTo(address)`). */
      faucet: z.boolean(),
    }),
  }),
  /** `keccak256(toBytes(JSON.stringify(abi)))` of the deployed StreamPayment's ABI. */
  abiHash: z.custom<Hex>(
    (value) => typeof value === "string" && isHex(value) && value.length === 66,
    {
      message: "not a 32-byte hex hash",
    },
  ),
  /**
   * Every StreamPayment of the deployment with what it is paid in, the default one (`contracts`)
   * first; a token address of zero means the chain's native coin (StreamPaymentNative). Absent
   * in deployments written before there was more than one.
   */
  streamPayments: z
    .array(
      z.object({
        address,
        deployBlock: blockNumber,
        token: z.object({
          address,
          deployBlock: blockNumber.nullable(),
          symbol: z.string().min(1),
          decimals: z.number().int().min(0).max(255),
          faucet: z.boolean(),
        }),
        contract: z.enum(["StreamPayment", "StreamPaymentNative"]),
        abiHash: hash32,
      }),
    )
    .optional(),
  /**
   * The network's block explorer (Etherscan-style `/tx/<hash>` and `/address/<address>` pages);
   * absent for a local chain. Links fall back to viem's known explorer for `chainId`.
   */
  explorer: deploymentExplorerSchema.optional(),
  /** When it was deployed: ISO 8601, or unix seconds (normalised to ISO 8601). */
  deployedAt: z.union([
    z.iso.datetime({ offset: true }),
    z
      .number()
      .int()
      .nonnegative()
      .transform((seconds) => new Date(seconds * 1000).toISOString()),
  ]),
});

/** A parsed deployment. */
export type Deployment = z.output<typeof deploymentSchema>;
/** A deployment as stored in JSON. */
export type DeploymentJson = z.input<typeof deploymentSchema>;

/**
 * Validates a deployment document (works in the browser too). Throws `CONFIG_INVALID`
 * listing every bad field.
 *
 * @param json The parsed JSON.
 * @param source Where it came from, for the error message (a file name or URL).
 */
export function parseDeployment(json: unknown, source = "deployment"): Deployment {
  const parsed = deploymentSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
  );
  throw new GolemError("CONFIG_INVALID", `${source} is not a valid deployment`, {
    hints: ["fix the listed fields, or run the deploy script again to rewrite the file"],
    details: { source, issues },
  });
}

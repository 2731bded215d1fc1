import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { ensureHome } from "../state/ensure-home.ts";

/** File name of the local API's bearer token inside the requestor home. */
export const apiTokenFileName = "server-api.token";

/** Result of {@link ensureApiToken}. */
export type EnsureApiTokenReturnType = {
  token: string;
  /** Absolute path of the token file (mode 0600). */
  file: string;
  /** True when this call wrote a new token (it is shown once, then only read from the file). */
  created: boolean;
};

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * The bearer token of `golem server api`: read from `<home>/server-api.token`, or 32 random
 * bytes (base64url) written there with mode 0600 on first use. A file that others can read is
 * refused: its token may be known to them.
 *
 * @example
 * const { token, file, created } = await ensureApiToken(config.home);
 */
export async function ensureApiToken(home: string): Promise<EnsureApiTokenReturnType> {
  const file = join(await ensureHome(home), apiTokenFileName);
  const existing = await readApiToken(file);
  if (existing !== undefined) return { token: existing, file, created: false };
  const token = randomBytes(32).toString("base64url");
  try {
    // `wx`: two servers starting at once keep one token.
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
    const written = await readApiToken(file);
    if (written !== undefined) return { token: written, file, created: false };
  }
  return { token, file, created: true };
}

/** The token in `file`, or undefined when there is none; fails on a damaged or shared file. */
async function readApiToken(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw cause;
  }
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    throw new GolemError("CONFIG_INVALID", `${file} can be read by other users`, {
      hints: [
        `delete ${file}: the next \`golem server api\` writes a new token, readable only by you`,
      ],
      details: { path: file, mode: (mode & 0o777).toString(8) },
    });
  }
  const token = text.trim();
  if (!tokenPattern.test(token)) {
    throw new GolemError("CONFIG_INVALID", `${file} does not hold an API token`, {
      hints: [`delete ${file}: the next \`golem server api\` writes a new one`],
      details: { path: file },
    });
  }
  return token;
}

/**
 * Compares a presented token with the expected one in constant time (both hashed first, so
 * neither the length nor the first differing byte shows in the timing).
 *
 * @example
 * tokenMatches(request.headers.authorization?.slice(7), token);
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

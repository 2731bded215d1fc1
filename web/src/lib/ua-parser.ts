// Stands in for `ua-parser-js` in the dapp's bundle (next.config.ts aliases it here). RainbowKit
// asks for version 2, which is AGPL-3.0; version 1 (MIT) parses the same user agents. RainbowKit
// reads only `UAParser().os.name` (to pick a wallet's desktop download link) and compares it with
// version 2's names, which say "macOS" where version 1 says "Mac OS".
import UAParserV1, { type UAParserResult } from "ua-parser-js-v1";

/** `ua-parser-js` version 2's `UAParser()` result, from version 1; the browser's agent by default. */
export function UAParser(userAgent?: string): UAParserResult {
  const result = new UAParserV1(userAgent).getResult();
  const name = result.os.name === "Mac OS" ? "macOS" : result.os.name;
  return { ...result, os: { ...result.os, name } };
}

export default UAParser;

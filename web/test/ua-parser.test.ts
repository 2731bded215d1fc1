import { describe, expect, it } from "vitest";
import { UAParser } from "../src/lib/ua-parser.ts";

// RainbowKit's platform check (it picks a wallet's desktop download link) through the MIT
// stand-in for ua-parser-js 2: the OS names it compares with are version 2's.
describe("web: ua-parser stand-in", () => {
  it.each([
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
      "macOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "Windows",
    ],
    ["Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "Ubuntu"],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "iOS",
    ],
  ])("names the OS of %s as %s", (agent, name) => {
    expect(UAParser(agent).os.name).toBe(name);
  });
});

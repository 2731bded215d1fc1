// `ua-parser-js@1` (installed as ua-parser-js-v1) ships no types; the part src/lib/ua-parser.ts uses.
declare module "ua-parser-js-v1" {
  type Named = { name?: string | undefined; version?: string | undefined };
  export type UAParserResult = {
    ua: string;
    browser: Named;
    engine: Named;
    os: Named;
    device: { model?: string | undefined; type?: string | undefined; vendor?: string | undefined };
    cpu: { architecture?: string | undefined };
  };
  export default class UAParser {
    constructor(userAgent?: string);
    getResult(): UAParserResult;
  }
}

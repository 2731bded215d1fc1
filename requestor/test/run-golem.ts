// The tests run the CLI the way the demo does (scripts/lib/golem-cli.ts).
export {
  type GolemRun,
  golemBin,
  jsonOf,
  runGolem,
  spawnGolem,
} from "../../scripts/lib/golem-cli.ts";

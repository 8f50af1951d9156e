/**
 * The `accord` command run from the TypeScript sources (`node --import tsx test/support/accord-source.ts …`),
 * for tests that need a real child process (killing it) without depending on a fresh build in dist/.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

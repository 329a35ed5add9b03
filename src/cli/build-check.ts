/** `node dist/cli/build-check.js`: exit 0 when dist/ is current with src/, 1 when it is not (npm run demo then builds). */
import { staleBuildNotice } from '../build-freshness.js';

process.exitCode = staleBuildNotice() === null ? 0 : 1;

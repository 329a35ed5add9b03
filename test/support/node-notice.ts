/**
 * Vitest's global setup: on Node 20 (past its end of life) the AWS SDK warns once per process
 * that it will need Node 22, and every test file is a process of its own. The warning is said
 * once for the whole run instead; the gateway's own processes say it once each, in one log line.
 */
export default function setup(): void {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
  console.warn(`Node ${process.versions.node} is past its end of life; the AWS SDK will require Node 22 from January 2027 (its warning is silenced in the test processes).`);
}

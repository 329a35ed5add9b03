/**
 * The README's and docs/' recipes, run as a reader runs them: every ```sh block, in order, in one
 * shell session per document (exported variables carry from block to block), from the repository
 * root, against the simulator the documents themselves start. A comment line right before a block
 * says how to take it:
 *
 *   <!-- recipe: illustration (why) -->     not run (it needs Docker, a cluster, or is CI itself)
 *   <!-- recipe: server until "TEXT" -->    started in the background, ready once it prints TEXT;
 *                                           stopped when the document's recipes are done
 *   <!-- recipe: prints "TEXT" -->          run, and its output must contain TEXT (\" for a quote)
 *
 * Placeholders the text asks the reader to fill (`<your key>`) are filled as the text says.
 * ```console blocks are transcripts of a session, with their output, and are not run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Directive = { readonly kind: 'run' } | { readonly kind: 'illustration' } | { readonly kind: 'server'; readonly until: string } | { readonly kind: 'prints'; readonly text: string };

interface Recipe {
  readonly line: number;
  readonly script: string;
  readonly directive: Directive;
}

/** What the documents tell the reader to put in place of each placeholder. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  // "The demo runs with authentication off, so there any key, or none, works."
  '<your key>': 'any-key-the-demo-accepts',
};

const DOCUMENTS = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

function directiveOf(comment: string | undefined): Directive {
  const match = /^<!-- recipe: (.*) -->$/.exec(comment?.trim() ?? '');
  if (!match) return { kind: 'run' };
  const body = match[1] as string;
  if (body.startsWith('illustration')) return { kind: 'illustration' };
  // Quoted text: \" stands for a quote.
  const unquote = (text: string) => text.replaceAll('\\"', '"');
  const server = /^server until "(.+)"$/.exec(body);
  if (server) return { kind: 'server', until: unquote(server[1] as string) };
  const prints = /^prints "(.+)"$/.exec(body);
  if (prints) return { kind: 'prints', text: unquote(prints[1] as string) };
  throw new Error(`unknown recipe directive: ${body}`);
}

function recipesOf(path: string): Recipe[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const recipes: Recipe[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```sh') continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    const previous = lines.slice(0, i).reverse().find((line) => line.trim() !== '');
    const indent = /^\s*/.exec(lines[i] as string)?.[0].length ?? 0;
    const script = lines.slice(i + 1, end).map((line) => line.slice(indent)).join('\n');
    recipes.push({ line: i + 1, script: fillPlaceholders(script, path, i + 1), directive: directiveOf(previous?.trim().startsWith('<!--') ? previous : undefined) });
    i = end;
  }
  return recipes;
}

function fillPlaceholders(script: string, path: string, line: number): string {
  const filled = Object.entries(PLACEHOLDERS).reduce((text, [placeholder, value]) => text.replaceAll(placeholder, value), script);
  const unknown = /<[a-z][a-z ]*>/.exec(filled);
  if (unknown) throw new Error(`${path}:${line}: placeholder ${unknown[0]} has no value in the recipe test (the text must say what to put there)`);
  return filled;
}

/** A shell session: each block sees the variables the earlier ones exported. */
function session(dir: string) {
  const state = join(dir, 'exports.sh');
  writeFileSync(state, '');
  const wrap = (script: string, keep: boolean) =>
    `set -eo pipefail\n. ${JSON.stringify(state)}\n${script}\n${keep ? `export -p > ${JSON.stringify(state)}\n` : ''}`;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, TMPDIR: dir };
  return {
    run: (script: string) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn('bash', ['-c', wrap(script, true)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      }),
    serve: async (script: string, until: string): Promise<ChildProcess> => {
      const child = spawn('bash', ['-c', wrap(script, false)], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await expect.poll(() => output, { timeout: 60_000, message: `the server recipe to print "${until}" (it printed: ${output.slice(-2000)})` }).toContain(until);
      return child;
    },
  };
}

/** Ends a background recipe and everything it started (npm does not pass signals on). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const force = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');

describe('the documents\' links', () => {
  it('lead to files and headings that exist', () => {
    const broken: string[] = [];
    for (const path of DOCUMENTS) {
      const text = readFileSync(path, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(target as string)) continue;
        const [file, anchor] = (target as string).split('#');
        const resolved = file ? join(path, '..', file) : path;
        let linked: string;
        try {
          linked = readFileSync(resolved, 'utf8');
        } catch {
          broken.push(`${path}: ${target} (no such file)`);
          continue;
        }
        const anchors = new Set([...linked.matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1] as string)));
        if (anchor && !anchors.has(anchor)) broken.push(`${path}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the documents\' recipes', () => {
  it('finds recipes to run in the README and in docs/', () => {
    const runnable = DOCUMENTS.flatMap((path) => recipesOf(path)).filter((recipe) => recipe.directive.kind !== 'illustration');
    expect(runnable.length).toBeGreaterThan(10);
  });

  it.each(DOCUMENTS)('%s: every recipe runs as written', { timeout: 600_000 }, async (path) => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-recipes-'));
    const shell = session(dir);
    const servers: ChildProcess[] = [];
    try {
      for (const recipe of recipesOf(path)) {
        const where = `${path}:${recipe.line}`;
        if (recipe.directive.kind === 'illustration') continue;
        if (recipe.directive.kind === 'server') {
          servers.push(await shell.serve(recipe.script, recipe.directive.until));
          continue;
        }
        const { code, output } = await shell.run(recipe.script);
        expect(code, `${where} exited ${code}:\n${output.slice(-3000)}`).toBe(0);
        if (recipe.directive.kind === 'prints') expect(output, where).toContain(recipe.directive.text);
      }
    } finally {
      for (const server of servers.reverse()) await stopGroup(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

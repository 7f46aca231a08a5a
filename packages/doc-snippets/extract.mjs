/**
 * Extracts every TypeScript and JavaScript code block (```ts, ```js) of the repository's
 * Markdown — README.md, docs/*.md and each package's and example's README.md — into
 * `.generated/<document>/block-<n>.ts` (or `.js`, checked with `checkJs`), one module per
 * block, for `tsc` to check against the packages' real types.
 *
 * A block may use names the prose takes as given (the `auth` built earlier, a request
 * `body`, the app's `mailQueue`). A document declares them, typed, in a hidden comment:
 *
 *   <!-- snippet-context
 *   import type { Auth } from '@portcullis/core';
 *   export declare const auth: Auth;
 *   -->
 *
 * That becomes the document's `context.ts`; each block imports every name of it that the
 * block does not declare itself. `<!-- snippet-context file=db.ts ... -->` writes another
 * module a block may import (`./db.ts`). Anything else a block uses must be defined in it,
 * so an undefined name fails the check.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');
const out = join(import.meta.dirname, '.generated');

const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`),
  ...['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => `${group}/${name}/README.md`),
  ),
].filter((path) => path.endsWith('.md') && existsSync(join(root, path)));

rmSync(out, { recursive: true, force: true });
let blocks = 0;
for (const document of documents) {
  const markdown = readFileSync(join(root, document), 'utf8');
  const code = codeBlocks(markdown);
  if (code.length === 0) continue;
  const dir = join(out, document.replace(/\.md$/, '').replaceAll('/', '__'));
  mkdirSync(dir, { recursive: true });
  const contexts = contextComments(markdown);
  const shared = contexts.get('context.ts') ?? '';
  for (const [file, text] of contexts) writeFileSync(join(dir, file), `${text}\nexport {};\n`);
  const provided = exportedNames(shared);
  code.forEach(({ line, text, js }, index) => {
    const own = declaredNames(text);
    const needed = [...provided].filter((name) => !own.has(name));
    const header = [
      `// ${document}:${line}`,
      needed.length > 0 ? `import { ${needed.join(', ')} } from './context.ts';` : '',
    ];
    const file = `block-${index + 1}.${js ? 'js' : 'ts'}`;
    writeFileSync(join(dir, file), `${header.join('\n')}\n${asModule(text)}\n`);
    blocks += 1;
  });
}
console.log(`doc snippets: ${blocks} code blocks in ${relative(root, out)}`);

/**
 * Imports stay at the top; the rest becomes the body of an async function, so a snippet
 * may `return reply(…)` the way a request handler would. A block that exports or declares
 * something is a module already and stays as written.
 */
function asModule(text) {
  const lines = text.split('\n');
  const imports = [];
  const rest = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^import\s/.test(lines[i])) {
      rest.push(lines[i]);
      continue;
    }
    while (i < lines.length && !/(\sfrom\s+)?['"][^'"]+['"];?\s*(\/\/.*)?$/.test(lines[i])) {
      imports.push(lines[i++]);
    }
    imports.push(lines[i]);
  }
  const body = rest.join('\n');
  if (/^(export|declare)\s/m.test(body)) return `${imports.join('\n')}\n${body}\nexport {};`;
  return `${imports.join('\n')}\nexport async function snippet() {\n${body}\n}`;
}

function codeBlocks(markdown) {
  const found = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)```(ts|typescript|js|javascript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++].slice(indent));
    found.push({ line: i + 1, text: body.join('\n'), js: open[2].startsWith('j') });
    i = j;
  }
  return found;
}

function contextComments(markdown) {
  const files = new Map();
  for (const match of markdown.matchAll(/<!-- snippet-context(?: file=(\S+))?\n([\s\S]*?)-->/g)) {
    const file = match[1] ?? 'context.ts';
    files.set(file, `${files.get(file) ?? ''}${match[2]}`);
  }
  return files;
}

/** The names a context module exports. */
function exportedNames(text) {
  const names = new Set();
  for (const match of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of match[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.add(name);
    }
  }
  const declaration =
    /^export\s+(?:declare\s+)?(?:const|function|class|type|interface)\s+([\w$]+)/gm;
  for (const match of text.matchAll(declaration)) names.add(match[1]);
  return names;
}

/** Top-level names a block declares or imports (enough for the shapes the docs use). */
function declaredNames(text) {
  const names = new Set();
  for (const match of text.matchAll(/^(?:export )?import\s+(?:type\s+)?([\s\S]*?)\s+from\s/gm)) {
    const clause = match[1];
    const braces = /\{([\s\S]*)\}/.exec(clause);
    const head = clause
      .replace(/\{[\s\S]*\}/, '')
      .replace(/[,\s]/g, ' ')
      .trim();
    for (const word of head.split(/\s+/))
      if (/^[A-Za-z_$][\w$]*$/.test(word) && word !== 'as') names.add(word);
    for (const part of braces?.[1].split(',') ?? []) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.add(name);
    }
    const star = /\*\s+as\s+(\w+)/.exec(clause);
    if (star) names.add(star[1]);
  }
  const declaration =
    /^(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|type|interface|enum)\s+([A-Za-z_$][\w$]*|\{[^}]*\}|\[[^\]]*\])/gm;
  for (const match of text.matchAll(declaration)) {
    for (const name of match[1].replace(/[{}[\]]/g, '').split(',')) {
      const local = name.split(':').at(-1)?.replace(/=.*$/, '').replace('...', '').trim();
      if (local) names.add(local);
    }
  }
  return names;
}

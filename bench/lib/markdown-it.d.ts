// markdown-it ships no types and @types/markdown-it is not installed: the little the
// benchmark uses of it (a peer's parser), declared here. Its tokens are what
// vscode-markdown-languageservice reads, so they are typed as that package's Token.
declare module 'markdown-it' {
  import type { Token } from 'vscode-markdown-languageservice';
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean; typographer?: boolean });
    parse(src: string, env: object): Token[];
  }
}

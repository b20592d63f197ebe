// markdown-it ships no types and @types/markdown-it is not installed: the little the
// benchmark uses of it (a peer's parser), declared here.
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean; typographer?: boolean });
    parse(src: string, env: object): any[];
  }
}

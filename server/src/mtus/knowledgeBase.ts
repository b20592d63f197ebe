// Placeholder until the MTUS knowledge base lands (issue 4): rules receive it through RuleContext.
export interface KnowledgeBase {
  readonly version: string;
}
export function emptyKnowledgeBase(): KnowledgeBase {
  return { version: 'empty' };
}

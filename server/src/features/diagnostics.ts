// Findings of the rule engine as LSP diagnostics, each with its code, source and a link to
// the rule's page shipped with the extension.
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Determination } from '../model/types';
import type { Finding } from '../rules/engine';
import type { Severity } from '../rules/rule';

export const DIAGNOSTIC_SOURCE = 'imr';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * `docsBase`: a file: URI of the folder holding `<code>.md` rule pages, when known. `uri`: the
 * document's, for the related information of findings that point elsewhere in it (left out without).
 */
export function toDiagnostics(model: Determination, findings: Finding[], docsBase?: string, uri?: string): Diagnostic[] {
  return findings.map((f) => {
    const d: Diagnostic = {
      range: model.lines.range(f.span),
      severity: SEVERITIES[f.severity],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
    };
    if (docsBase) d.codeDescription = { href: `${docsBase}/${f.code}.md` };
    if (uri && f.related) d.relatedInformation = f.related.map((r) => ({ location: { uri, range: model.lines.range(r.span) }, message: r.message }));
    return d;
  });
}

package transform

// ParserVersion names the figure parser's behaviour. Every fact row records
// the version that made it (facts.parser_version), and `newsetl reparse`
// re-derives the facts of articles whose facts an older version made.
//
// Raise it whenever a change to Parse changes the figures it returns for
// some text (new patterns, different subjects, periods or values); a
// refactoring that changes no output keeps it.
const ParserVersion = "2026.12.2"

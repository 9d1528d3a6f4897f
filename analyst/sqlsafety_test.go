package analyst

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// queryMethods are the driver methods that send SQL.
var queryMethods = map[string]bool{"Query": true, "QueryRow": true, "Exec": true, "Select": true, "PrepareBatch": true, "AsyncInsert": true}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, fset *token.FileSet, dir string) map[string]*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	if len(files) == 0 {
		t.Fatalf("no Go file in %s", dir)
	}
	return files
}

// eachCall calls fn with every call expression of f and the name of the
// function declaration it is in.
func eachCall(f *ast.File, fn func(fun string, call *ast.CallExpr)) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				fn(fd.Name.Name, call)
			}
			return true
		})
	}
}

// TestQueriesAreConstantsWithBoundParameters reads this package's source:
// SQL goes to the server only from selectAll (a query of this package:
// a constant naming the database as {db}, every other value a bound
// parameter) and from Query (the SQL `newsetl query` is given, by design);
// no SQL is built with fmt or string concatenation. A change that splices
// a value into SQL fails here.
func TestQueriesAreConstantsWithBoundParameters(t *testing.T) {
	fset := token.NewFileSet()
	files := parseDir(t, fset, ".")
	// The package-level string constants and their values.
	consts := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							v, _ := strconv.Unquote(lit.Value)
							consts[name.Name] = v
						}
					}
				}
			}
		}
	}
	selects := 0
	for path, f := range files {
		eachCall(f, func(fun string, call *ast.CallExpr) {
			pos := fset.Position(call.Pos())
			switch c := call.Fun.(type) {
			case *ast.SelectorExpr:
				if queryMethods[c.Sel.Name] && !(fun == "selectAll" || fun == "Query") {
					t.Errorf("%s: %s calls %s: SQL goes to the server only through selectAll (or Query)", pos, fun, c.Sel.Name)
				}
				if queryMethods[c.Sel.Name] && len(call.Args) > 1 {
					if id, ok := call.Args[1].(*ast.Ident); !ok || id.Name != "sql" {
						t.Errorf("%s: %s sends %s, want the checked variable sql", pos, c.Sel.Name, types(call.Args[1]))
					}
				}
				if x, ok := c.X.(*ast.Ident); ok && x.Name == "fmt" && strings.HasPrefix(c.Sel.Name, "Sprint") && len(call.Args) > 0 {
					if lit, ok := call.Args[0].(*ast.BasicLit); ok && looksLikeSQL(lit.Value) {
						t.Errorf("%s: fmt.%s builds SQL %s", pos, c.Sel.Name, lit.Value)
					}
				}
			case *ast.IndexListExpr, *ast.IndexExpr, *ast.Ident:
				name := ""
				switch fn := c.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.IndexExpr:
					name = types(fn.X)
				case *ast.IndexListExpr:
					name = types(fn.X)
				}
				if name != "selectAll" {
					return
				}
				selects++
				if len(call.Args) != 7 {
					t.Errorf("%s: selectAll with %d arguments", pos, len(call.Args))
					return
				}
				id, ok := call.Args[4].(*ast.Ident)
				if !ok {
					t.Errorf("%s: selectAll's query is %s, want a constant of the package", pos, types(call.Args[4]))
					return
				}
				q, ok := consts[id.Name]
				if !ok {
					t.Errorf("%s: selectAll's query %s is not a string constant of the package", pos, id.Name)
					return
				}
				if !strings.Contains(q, dbPlaceholder) || !looksLikeSQL(strconv.Quote(q)) {
					t.Errorf("%s: query %s does not read from {db}: %s", pos, id.Name, q)
				}
				if n := strings.Count(q, "?"); n > 0 {
					if args, ok := call.Args[5].(*ast.CompositeLit); !ok {
						t.Errorf("%s: query %s has %d parameters, bound with %s, want a list of values", pos, id.Name, n, types(call.Args[5]))
					} else if len(args.Elts) != n {
						t.Errorf("%s: query %s has %d parameters, bound with %d values", pos, id.Name, n, len(args.Elts))
					}
				}
			}
		})
		// String concatenation with SQL in it.
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.ADD {
				for _, side := range []ast.Expr{b.X, b.Y} {
					if lit, ok := side.(*ast.BasicLit); ok && looksLikeSQL(lit.Value) {
						t.Errorf("%s: %s concatenates SQL %s", fset.Position(b.Pos()), filepath.Base(path), lit.Value)
					}
				}
			}
			return true
		})
	}
	if selects < 10 {
		t.Errorf("found %d calls of selectAll, want one per query function (10 or more): the check reads nothing", selects)
	}
}

// looksLikeSQL reports whether a Go string literal holds SQL.
func looksLikeSQL(lit string) bool {
	for _, kw := range []string{"SELECT ", "FROM ", "WHERE ", "INSERT ", "ALTER ", "DROP ", "CREATE "} {
		if strings.Contains(lit, kw) {
			return true
		}
	}
	return false
}

// types writes an expression briefly for messages.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		return types(e.Fun) + "(…)"
	case *ast.BasicLit:
		return e.Value
	default:
		return "an expression"
	}
}

// TestServeSendsNoSQL reads package serve and the query, chart and serve
// commands: they reach ClickHouse only through this package's query
// functions, never with SQL of their own or through Query.
func TestServeSendsNoSQL(t *testing.T) {
	fset := token.NewFileSet()
	files := parseDir(t, fset, "../serve")
	for _, name := range []string{"chart.go", "serve.go"} {
		p := filepath.Join("../cmd/newsetl", name)
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	calls := 0
	for path, f := range files {
		eachCall(f, func(fun string, call *ast.CallExpr) {
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return
			}
			pos := fset.Position(call.Pos())
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "analyst" {
				calls++
				if sel.Sel.Name == "Query" {
					t.Errorf("%s: %s runs SQL of its own through analyst.Query", pos, fun)
				}
			}
			if queryMethods[sel.Sel.Name] && len(call.Args) > 1 && types(sel.X) != "analyst" { // not url.URL.Query()
				t.Errorf("%s: %s calls %s.%s: reads go through package analyst", pos, fun, types(sel.X), sel.Sel.Name)
			}
		})
		if strings.Contains(path, "cmd/newsetl") {
			continue // its messages suggest queries to type (`newsetl query 'SELECT …'`)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && looksLikeSQL(lit.Value) {
				t.Errorf("%s: a string that looks like SQL: %s", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
	if calls < 10 {
		t.Errorf("found %d calls of package analyst, want the pages' and the commands' (10 or more): the check reads nothing", calls)
	}
}

// TestQueryFunctionsRefuseABadDatabaseName: every query function checks
// the one name spliced into its SQL before anything is sent (conn is nil:
// a query would panic).
func TestQueryFunctionsRefuseABadDatabaseName(t *testing.T) {
	ctx := context.Background()
	for _, db := range []string{"", "newsetl.facts", "x; DROP TABLE facts --", "a b", "`x`", "1st", "db'"} {
		for name, call := range map[string]func() error{
			"Metrics":                func() error { _, err := Metrics(ctx, nil, db); return err },
			"MetricSeries":           func() error { _, err := MetricSeries(ctx, nil, db, Filter{Metric: "bed"}); return err },
			"StatisticsSeries":       func() error { _, err := StatisticsSeries(ctx, nil, db, StatFilter{Series: "x"}); return err },
			"StatisticsIndicators":   func() error { _, err := StatisticsIndicators(ctx, nil, db); return err },
			"MetricGroups":           func() error { _, err := MetricGroups(ctx, nil, db, 10); return err },
			"MetricFacets":           func() error { _, _, err := MetricFacets(ctx, nil, db, "bed"); return err },
			"StatisticsOverview":     func() error { _, err := StatisticsOverview(ctx, nil, db, 10); return err },
			"StatSeriesObservations": func() error { _, err := StatSeriesObservations(ctx, nil, db, StatSeriesKey{Source: "x"}); return err },
			"SourceHealth":           func() error { _, err := SourceHealth(ctx, nil, db); return err },
			"SourceHealthDaily":      func() error { _, err := SourceHealthDaily(ctx, nil, db, 30); return err },
		} {
			if err := call(); err == nil || !strings.Contains(err.Error(), "not a plain identifier") {
				t.Errorf("%s with database %q: %v, want a refusal naming the name", name, db, err)
			}
		}
	}
	if q, err := inDB("newsetl_test", "SELECT 1 FROM {db}.a JOIN {db}.b"); err != nil || q != "SELECT 1 FROM newsetl_test.a JOIN newsetl_test.b" {
		t.Errorf("inDB = %q, %v", q, err)
	}
}
